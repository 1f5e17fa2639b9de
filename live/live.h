/*
 * live.h - talking to live models: endpoints and their config file, the
 * request bodies and stream events of each server family, the SSE and
 * NDJSON framings, and a non-blocking client on libcurl multi.
 *
 * live/ is the only layer that includes <curl/curl.h>; nothing here writes
 * to the database or the terminal. Errors follow canopy's shape: 0 or -1
 * and a heap *cause the caller frees. Messages about a request name the
 * endpoint and the URL it went to.
 */
#ifndef CN_LIVE_H
#define CN_LIVE_H

#include <stddef.h>
#include <stdint.h>

#include "canopy.h"

/* ---- endpoints (live-config.c) ---- */

/*
 * The server families. The generation kinds come first; the scorers
 * (reward models) after LIVE_SCORER_FIRST.
 */
enum live_kind {
	LIVE_OPENAI_CHAT,	/* /v1/chat/completions, SSE */
	LIVE_OPENAI_COMPLETIONS, /* /v1/completions, SSE */
	LIVE_LLAMACPP,		/* llama-server /completion, SSE, no [DONE] */
	LIVE_OLLAMA,		/* /api/generate, NDJSON */
	LIVE_VLLM_POOLING,	/* vLLM /pooling, a PRM: rows per step tag */
	LIVE_VLLM_CLASSIFY,	/* vLLM /classify, an ORM: probs of the path */
	LIVE_HTTP_REWARD,	/* {"query":[...]} -> {"rewards":[...]} */
	LIVE_KIND_COUNT
};
#define LIVE_SCORER_FIRST	LIVE_VLLM_POOLING
#define live_kind_is_scorer(k)	((k) >= LIVE_SCORER_FIRST)

/* The config name of a kind ("openai-chat"...), and back (-1: unknown). */
const char	*live_kind_name(enum live_kind);
int		 live_kind_lookup(const char *);

/* How K samples are asked for. */
enum live_nmode {
	LIVE_N_AUTO,		/* native n for openai kinds, else fanout */
	LIVE_N_NATIVE,		/* one request with n = K */
	LIVE_N_FANOUT		/* K requests with n = 1, in parallel */
};

#define LIVE_MAX_STOP	4	/* OpenAI's limit on stop strings */

/*
 * One endpoint or scorer, from a section of the config file or from the
 * command line. Every string is owned. Unset sampling values are NAN (or
 * 0 for max_tokens, has_seed 0), and are then left out of requests.
 */
struct live_endpoint {
	char		*name;
	enum live_kind	 kind;
	char		*base_url;	/* server root, without trailing '/' */
	char		*path;		/* request path override, or NULL */
	char		*model;		/* or NULL (llama.cpp serves one) */
	char		*api_key_env;	/* NAME of the variable, or NULL */
	char		*api_key;	/* only from a private config file */
	double		 temperature;
	double		 top_p;
	int		 max_tokens;	/* 0: server default */
	int64_t		 seed;
	int		 has_seed;
	char		*stop[LIVE_MAX_STOP]; /* extra stop strings */
	int		 nstop;
	enum live_nmode	 nmode;
	char		*step_sep;	/* between steps; default "\n\n" */
	char		*template;	/* prompt template, or NULL: default */
	char		*system;	/* chat: system message, or NULL */
	char		*step_tag;	/* vllm-pooling: "<extra_0>" */
	int		 score_index;	/* vllm-pooling: the "good" column */
	long		 connect_timeout_ms;
	long		 first_byte_timeout_ms;
	long		 idle_timeout_ms;
	int		 max_retries;
	long		 retry_initial_ms;
	long		 retry_max_ms;
	long		 retry_after_cap_s;
	size_t		 max_body_bytes;
	char		*origin;	/* "file:line" or "command line" */
};

/*
 * The strings an endpoint owns besides stop[]: live_endpoint_clear frees
 * and live_endpoint_dup copies this one list, so a new string field is one
 * entry here.
 */
#define LIVE_ENDPOINT_STRINGS(_)					\
	_(name) _(base_url) _(path) _(model) _(api_key_env) _(api_key)	\
	_(step_sep) _(template) _(system) _(step_tag) _(origin)

/* Sets the defaults (timeouts, retries, limits); strings NULL. */
void	 live_endpoint_init(struct live_endpoint *);
/* Frees the strings of e (not e itself); NULL-safe. */
void	 live_endpoint_clear(struct live_endpoint *);
/* A deep copy of e, on the heap: live_endpoint_free releases it. */
struct live_endpoint *live_endpoint_dup(const struct live_endpoint *);
/* Clears and frees a heap endpoint (a dup or a config's); NULL-safe. */
void	 live_endpoint_free(struct live_endpoint *);

/* The endpoints of a config file, in file order. */
struct live_config {
	char			*path;		/* or NULL: none read */
	struct live_endpoint	**v;
	size_t			  n;
};

/*
 * The default config file: $XDG_CONFIG_HOME/canopy/models.conf, else
 * ~/.config/canopy/models.conf. Heap string.
 */
char	*live_config_default_path(void);

/*
 * Reads the config file at path (NULL: the default one, where a missing
 * file is an empty config; a missing file named explicitly is an error).
 * Fails with "file:line:col: what" on a bad line. A file that holds a key
 * (api_key) is refused unless only its owner can read or change it (a
 * writable file could send the key elsewhere). *cfg is heap:
 * free it with live_config_free.
 */
int	 live_config_load(const char *path, struct live_config **cfg,
	    char **cause);

/*
 * Parses config text; name is used in messages, private says whether the
 * file is readable by its owner only (else api_key lines are refused).
 */
int	 live_config_parse(const char *text, const char *name, int private,
	    struct live_config **cfg, char **cause);
void	 live_config_free(struct live_config *);

/* The endpoint or scorer called name, or NULL (borrowed from cfg). */
const struct live_endpoint *live_config_find(const struct live_config *,
	    const char *name);

/*
 * An ad-hoc endpoint from command-line flags: kind, base URL, model and
 * the name of the key variable (may be NULL). Fills *e (clear it after).
 */
int	 live_endpoint_adhoc(struct live_endpoint *e, const char *kind,
	    const char *base_url, const char *model, const char *key_env,
	    char **cause);

/*
 * The API key of e: the variable named by api_key_env, or the key of a
 * private config file. NULL when there is none; *cause says why when the
 * variable is named but unset or empty (then -1). Borrowed. The caller
 * names the endpoint in its message.
 */
int	 live_endpoint_key(const struct live_endpoint *, const char **key,
	    char **cause);

/* ---- stream framing (live-stream.c): pure, bytes in, events out ---- */

/*
 * Called for each complete event: event is the SSE event name ("message"
 * by default, "error" for an `event: error` or a legacy llama.cpp `error:`
 * field) or NULL for an NDJSON line; data is NUL-terminated, len bytes,
 * borrowed for the call. A non-zero return stops the feed and is returned
 * by it (use 1 for "done").
 */
typedef int (*live_event_cb)(void *arg, const char *event,
	    const char *data, size_t len);

#define LIVE_MAX_LINE	(4u << 20)	/* bytes in one line */

/*
 * An SSE parser (WHATWG): lines end in \n, \r\n or a lone \r, even when
 * the pair is split across feeds; a leading BOM is skipped; ":" lines are
 * comments; "data:" lines of one event are joined with \n; a blank line
 * dispatches; unknown fields are ignored.
 */
struct live_sse {
	struct cn_buf	 line;
	struct cn_buf	 data;
	struct cn_buf	 event;
	int		 have_data;
	int		 legacy_error;	/* it came in an `error:` field */
	int		 after_cr;	/* last byte was \r: skip a \n */
	int		 started;	/* past a possible BOM */
	size_t		 max_line;
};
void	 live_sse_init(struct live_sse *);
void	 live_sse_free(struct live_sse *);
/*
 * Feeds len bytes. Returns 0, the callback's non-zero value, or -1 with
 * *cause (a line longer than max_line).
 */
int	 live_sse_feed(struct live_sse *, const char *buf, size_t len,
	    live_event_cb, void *arg, char **cause);

/* NDJSON (Ollama): one JSON value per \n-terminated line, \r\n allowed. */
struct live_ndjson {
	struct cn_buf	 line;
	size_t		 max_line;
};
void	 live_ndjson_init(struct live_ndjson *);
void	 live_ndjson_free(struct live_ndjson *);
int	 live_ndjson_feed(struct live_ndjson *, const char *buf, size_t len,
	    live_event_cb, void *arg, char **cause);
/* At the end of the body: a last line without \n is dispatched too. */
int	 live_ndjson_finish(struct live_ndjson *, live_event_cb, void *arg,
	    char **cause);

/*
 * Appends s (len bytes) to b as valid UTF-8: each invalid sequence
 * becomes U+FFFD. NUL bytes become U+FFFD too, so text stays a C string.
 */
void	 live_utf8_add(struct cn_buf *b, const char *s, size_t len);

/* ---- requests and events of each family (live-proto.c) ---- */

/* What to continue: the problem and the steps so far (borrowed). */
struct live_prompt {
	const char	*problem;	/* or NULL */
	const char	*const *steps;
	size_t		 nsteps;
	int		 full;		/* full continuation, not one step */
};

/* Why a candidate ended. */
enum live_finish {
	LIVE_FIN_NONE,		/* still streaming, or ended without word */
	LIVE_FIN_STEP,		/* stopped at a stop string */
	LIVE_FIN_EOS,		/* the model ended the answer */
	LIVE_FIN_STOP,		/* one of the two; the server does not say */
	LIVE_FIN_LENGTH,	/* max tokens reached */
	LIVE_FIN_ERROR
};
const char	*live_finish_name(enum live_finish);

/* One answer being received. */
struct live_cand {
	struct cn_buf	 text;		/* valid UTF-8 */
	enum live_finish finish;
	int		 done;		/* its final event came */
};

/* Renders the prompt text (completions kinds) as the template says. */
char	*live_prompt_render(const struct live_endpoint *,
	    const struct live_prompt *);

/*
 * The request path (appended to base_url) and JSON body of a generation
 * asking for n samples, streamed. Heap strings. The body never holds
 * the key.
 */
char	*live_gen_path(const struct live_endpoint *);
char	*live_gen_body(const struct live_endpoint *, const struct live_prompt *,
	    int n, double temperature);

/* The path that lists models (GET), e.g. "/v1/models" or "/api/tags". */
const char *live_models_path(const struct live_endpoint *);
/*
 * Whether a model list body names model: 1 yes, 0 no (*cause: the
 * models it does name), -1 not a model list (*cause).
 */
int	 live_models_has(const struct live_endpoint *, const char *body,
	    size_t len, char **cause);

/* Tokens a server says it read and wrote; 0 when it does not say. */
struct live_usage {
	int64_t		 prompt_tokens;
	int64_t		 completion_tokens;
};

/*
 * Applies one stream event to the candidates (ncand of them; the event's
 * choice index picks one) and to *usage. Returns 0 to go on, 1 when the
 * stream is over (a [DONE] or a final object), -1 for an error event or
 * a malformed one (*cause says what the server said).
 */
int	 live_gen_event(const struct live_endpoint *, const char *event,
	    const char *data, size_t len, struct live_cand *cands,
	    int ncand, struct live_usage *usage, char **cause);

/*
 * The message of an error body of any family (OpenAI, old vLLM, Ollama,
 * FastAPI, HTML or text): a heap string, at most 300 bytes.
 */
char	*live_error_message(const char *body, size_t len);

/* The JSON o built for a request or record, compact; o is deleted. */
struct cJSON;
char	*live_json_print(struct cJSON *o);

/* ---- reward models (live-score.c) ---- */

/*
 * The request path and body asking scorer e about the steps of one path.
 * vllm-pooling: the template (default: Qwen2.5-Math-PRM's chat template)
 * with the step tag after every step, as {"model", "input"}; http-reward:
 * {"query": [problem, separator, steps]} to base_url itself;
 * vllm-classify: {"model", "input": [that text]} to /classify.
 */
const char *live_score_path(const struct live_endpoint *);
char	*live_score_body(const struct live_endpoint *,
	    const struct live_prompt *);

/*
 * Reads a scorer's answer: vllm-pooling gives one value per step (column
 * score_index of each row; the row count must be nsteps), http-reward
 * one value (rewards[0], or scores[0]), vllm-classify one value
 * (data[0].probs[score_index], or probs[0] when it is the only one). *vals is heap, *n values.
 * Fails with a cause saying what is wrong with the answer.
 */
int	 live_score_parse(const struct live_endpoint *, const char *body,
	    size_t len, size_t nsteps, double **vals, size_t *n,
	    char **cause);

/* ---- the client (live-client.c) ---- */

struct live_client;
struct live_call;

/* A call's state. */
enum live_state {
	LIVE_RUNNING,		/* connecting, waiting, streaming */
	LIVE_WAITING,		/* backing off before a retry */
	LIVE_DONE,		/* a complete answer */
	LIVE_FAILED		/* see live_call_info(); text may be partial */
};

/*
 * Called with each piece of text as it arrives (valid UTF-8, borrowed),
 * for candidate index (0..K-1).
 */
typedef void (*live_delta_cb)(void *arg, int index, const char *text,
	    size_t len);

struct live_client *live_client_new(void);
/* Cancels what still runs and frees every call; NULL-safe. */
void	 live_client_free(struct live_client *);
/* Cancels call c if it runs and frees it (a long-lived client's calls
 * would pile up otherwise); NULL-safe. */
void	 live_call_free(struct live_call *c);

/*
 * Starts a request to endpoint e (copied): method "GET" (body NULL) or
 * "POST" with a JSON body (copied). With stream, the body is parsed as
 * events of e's family into ncand candidates numbered from index_base,
 * and delta gets each piece of text; without, the body is kept whole
 * (live_call_body). The call belongs to the client.
 */
struct live_call *live_call_start(struct live_client *,
	    const struct live_endpoint *e, const char *method,
	    const char *path, const char *body, int stream, int ncand,
	    int index_base, live_delta_cb delta, void *arg);

/*
 * Drives every call for at most timeout_ms (0: only what is ready now):
 * sends, receives, parses, times out, schedules retries. Never blocks
 * longer than timeout_ms. Returns the number of calls not finished.
 */
int	 live_client_step(struct live_client *, int timeout_ms);

/*
 * Stops a call that has not finished: its connection is closed (the
 * server sees the client go) and it fails with "cancelled". The text that
 * came is kept.
 */
void		 live_call_cancel(struct live_call *);

/* What a call has come to, read together: live_call_info(). */
struct live_call_info {
	enum live_state		 state;
	/* The candidates (ncand of them), valid until the client is freed. */
	struct live_cand	*cands;
	const char		*error;		/* of a failed call, or NULL */
	long			 status;	/* HTTP status of the last
						   attempt, 0 if none came */
	int			 attempts;
	int			 delivered;	/* any text reached the delta
						   callback */
	struct live_usage	 usage;
	const char		*url;		/* the full URL it went to */
};
/* The call's figures, kept current as the client steps it. Borrowed. */
const struct live_call_info *live_call_info(const struct live_call *);
/* Response body (non-stream calls; for streams the raw bytes, capped). */
const char	*live_call_body(const struct live_call *, size_t *len);
double		 live_call_seconds(const struct live_call *);

/* ---- a rerun (live-rerun.c): what the CLI and the TUI share ---- */

/*
 * The requests of one rerun of a node: K answers of endpoint e to the
 * prompt pr (its strings borrowed: they must outlive the rerun) at a
 * temperature (NAN: the endpoint's). One request with n = K for the
 * OpenAI kinds, else K requests (the endpoint's n setting decides).
 */
struct live_rerun;
struct live_rerun *live_rerun_new(const struct live_endpoint *e,
	    const struct live_prompt *pr, int k, double temperature);
/* Frees the rerun and its calls; before the client they ran on. */
void	 live_rerun_free(struct live_rerun *);
/*
 * The exact request, as it would be sent: "POST URL\nBODY\n", and a line
 * saying how many such requests go in parallel. No key is in it. Heap.
 */
char	*live_rerun_preview(const struct live_rerun *);
/* Starts the requests on cl; delta gets each answer's text (0..K-1). */
void	 live_rerun_start(struct live_rerun *, struct live_client *cl,
	    live_delta_cb delta, void *arg);
/*
 * Call after each live_client_step: when the one request for K answers
 * was refused for its n (llama.cpp's /v1 does), sends K requests of one
 * instead and returns the server's refusal (borrowed) once; else NULL.
 */
const char *live_rerun_poll(struct live_rerun *);
/* Whether every request has ended (done, failed or cancelled). */
int	 live_rerun_done(const struct live_rerun *);
/* Cancels every request; what came is kept (then stored truncated). */
void	 live_rerun_cancel(struct live_rerun *);
int	 live_rerun_k(const struct live_rerun *);
/* Answer i (0..K-1) so far, whether it will get no more text, and the
 * error of its request (NULL if none). */
const struct live_cand *live_rerun_answer(const struct live_rerun *, int i);
int	 live_rerun_answer_over(const struct live_rerun *, int i);
const char *live_rerun_error(const struct live_rerun *, int i);
/*
 * When done: the records to store (store_live_rerun_save), borrowed
 * from the rerun. A request refused whole comes first (index 0, no
 * text); a failed answer with text is marked truncated, one without is
 * dropped (text NULL, only its request is recorded).
 */
size_t	 live_rerun_results(struct live_rerun *, struct cn_rerun_answer **);

#endif /* CN_LIVE_H */
