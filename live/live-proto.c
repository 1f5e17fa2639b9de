/*
 * live-proto.c - what each server family is sent and what its events
 * mean: prompt templates, request bodies, stream events, model lists and
 * error bodies (../shared/docs/live-models.md, sections 1-4 and 8). Pure:
 * no I/O. JSON goes through cJSON, whose trees never leave this file.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "live.h"

/* llama.cpp's n_predict defaults to -1, endless: always bound it. */
#define LIVE_DEFAULT_PREDICT	512

static const char *const finish_names[] = {
	"none", "step", "eos", "stop", "length", "error"
};

const char *
live_finish_name(enum live_finish f)
{
	return (size_t)f < sizeof finish_names / sizeof finish_names[0] ?
	    finish_names[f] : "?";
}

static const char *
sep_of(const struct live_endpoint *e)
{
	return e->step_sep != NULL ? e->step_sep : "\n\n";
}

/* The steps so far, each followed by the separator. */
static void
add_steps(struct cn_buf *b, const struct live_endpoint *e,
    const struct live_prompt *p)
{
	size_t	i;

	for (i = 0; i < p->nsteps; i++) {
		buf_adds(b, p->steps[i] != NULL ? p->steps[i] : "");
		buf_adds(b, sep_of(e));
	}
}

/*
 * The default template puts the problem, a separator, then the steps:
 * the raw-prompt shape the step separator was chosen for.
 */
#define LIVE_DEFAULT_TEMPLATE	"${problem}${sep}${steps}"

char *
live_prompt_render(const struct live_endpoint *e,
    const struct live_prompt *p)
{
	const char	*t = e->template != NULL ? e->template :
			    LIVE_DEFAULT_TEMPLATE;
	struct cn_buf	 b;

	buf_init(&b);
	while (*t != '\0') {
		if (strncmp(t, "${problem}", 10) == 0) {
			buf_adds(&b, p->problem != NULL ? p->problem : "");
			t += 10;
		} else if (strncmp(t, "${steps}", 8) == 0) {
			add_steps(&b, e, p);
			t += 8;
		} else if (strncmp(t, "${sep}", 6) == 0) {
			buf_adds(&b, sep_of(e));
			t += 6;
		} else
			buf_addc(&b, *t++);
	}
	return buf_take(&b);
}

char *
live_gen_path(const struct live_endpoint *e)
{
	const char	*p;
	size_t		 n = strlen(e->base_url);
	int		 v1 = n >= 3 && strcmp(e->base_url + n - 3, "/v1") == 0;

	if (e->path != NULL)
		return xstrdup(e->path);
	switch (e->kind) {
	case LIVE_OPENAI_CHAT:
		p = "/chat/completions";
		break;
	case LIVE_OPENAI_COMPLETIONS:
		p = "/completions";
		break;
	case LIVE_LLAMACPP:
		return xstrdup("/completion");
	case LIVE_OLLAMA:
		return xstrdup("/api/generate");
	case LIVE_VLLM_POOLING:
		return xstrdup("/pooling");
	case LIVE_VLLM_CLASSIFY:
		return xstrdup("/classify");
	default:
		return xstrdup("");
	}
	/* OpenAI's SDKs take base URLs with /v1; accept both. */
	return xasprintf("%s%s", v1 ? "" : "/v1", p);
}

const char *
live_models_path(const struct live_endpoint *e)
{
	size_t	n = strlen(e->base_url);

	switch (e->kind) {
	case LIVE_OLLAMA:
		return "/api/tags";
	case LIVE_HTTP_REWARD:
		return NULL;
	default:
		if (n >= 3 && strcmp(e->base_url + n - 3, "/v1") == 0)
			return "/models";
		return "/v1/models";
	}
}

/* Adds the sampling values e sets (to obj, with the family's names). */
static void
add_sampling(cJSON *obj, const struct live_endpoint *e,
    const struct live_prompt *p, double temperature, const char *maxname)
{
	cJSON	*stop;
	int	 i, max = e->max_tokens;

	if (!isnan(temperature))
		cJSON_AddNumberToObject(obj, "temperature", temperature);
	else if (!isnan(e->temperature))
		cJSON_AddNumberToObject(obj, "temperature", e->temperature);
	if (!isnan(e->top_p))
		cJSON_AddNumberToObject(obj, "top_p", e->top_p);
	if (e->has_seed)
		cJSON_AddNumberToObject(obj, "seed", (double)e->seed);
	if (max == 0 && e->kind == LIVE_LLAMACPP)
		max = LIVE_DEFAULT_PREDICT;
	if (max > 0)
		cJSON_AddNumberToObject(obj, maxname, max);
	if (!p->full || e->nstop > 0) {
		stop = cJSON_AddArrayToObject(obj, "stop");
		if (!p->full)
			cJSON_AddItemToArray(stop,
			    cJSON_CreateString(sep_of(e)));
		for (i = 0; i < e->nstop && cJSON_GetArraySize(stop) <
		    LIVE_MAX_STOP; i++)
			cJSON_AddItemToArray(stop,
			    cJSON_CreateString(e->stop[i]));
	}
}

/* What both OpenAI shapes end with: n, sampling, streaming with usage. */
static void
openai_tail(cJSON *o, const struct live_endpoint *e,
    const struct live_prompt *p, int n, double temperature)
{
	if (n > 1)
		cJSON_AddNumberToObject(o, "n", n);
	add_sampling(o, e, p, temperature, "max_tokens");
	cJSON_AddBoolToObject(o, "stream", 1);
	cJSON_AddBoolToObject(cJSON_AddObjectToObject(o, "stream_options"),
	    "include_usage", 1);
}

char *
live_gen_body(const struct live_endpoint *e, const struct live_prompt *p,
    int n, double temperature)
{
	cJSON	*o = cJSON_CreateObject(), *msgs, *m, *opts;
	char	*prompt = NULL;
	struct cn_buf b;

	if (e->model != NULL)
		cJSON_AddStringToObject(o, "model", e->model);
	switch (e->kind) {
	case LIVE_OPENAI_CHAT:
		msgs = cJSON_AddArrayToObject(o, "messages");
		if (e->system != NULL) {
			m = cJSON_CreateObject();
			cJSON_AddStringToObject(m, "role", "system");
			cJSON_AddStringToObject(m, "content", e->system);
			cJSON_AddItemToArray(msgs, m);
		}
		m = cJSON_CreateObject();
		cJSON_AddStringToObject(m, "role", "user");
		if (e->template != NULL) {
			prompt = live_prompt_render(e, p);
			cJSON_AddStringToObject(m, "content", prompt);
		} else
			cJSON_AddStringToObject(m, "content",
			    p->problem != NULL ? p->problem : "");
		cJSON_AddItemToArray(msgs, m);
		if (e->template == NULL && p->nsteps > 0) {
			/* Prefill: the model continues the steps so far. */
			buf_init(&b);
			add_steps(&b, e, p);
			m = cJSON_CreateObject();
			cJSON_AddStringToObject(m, "role", "assistant");
			cJSON_AddStringToObject(m, "content", b.s);
			cJSON_AddItemToArray(msgs, m);
			buf_free(&b);
			cJSON_AddBoolToObject(o, "add_generation_prompt", 0);
			cJSON_AddBoolToObject(o, "continue_final_message", 1);
		}
		openai_tail(o, e, p, n, temperature);
		break;
	case LIVE_OPENAI_COMPLETIONS:
		prompt = live_prompt_render(e, p);
		cJSON_AddStringToObject(o, "prompt", prompt);
		openai_tail(o, e, p, n, temperature);
		break;
	case LIVE_LLAMACPP:
		prompt = live_prompt_render(e, p);
		cJSON_AddStringToObject(o, "prompt", prompt);
		add_sampling(o, e, p, temperature, "n_predict");
		cJSON_AddBoolToObject(o, "stream", 1);
		break;
	case LIVE_OLLAMA:
		prompt = live_prompt_render(e, p);
		cJSON_AddStringToObject(o, "prompt", prompt);
		cJSON_AddBoolToObject(o, "raw", 1);
		cJSON_AddBoolToObject(o, "stream", 1);
		opts = cJSON_AddObjectToObject(o, "options");
		add_sampling(opts, e, p, temperature, "num_predict");
		break;
	default:
		break;
	}
	free(prompt);
	return live_json_print(o);
}

char *
live_json_print(cJSON *o)
{
	char	*s, *out;

	s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (s == NULL)
		fatalx("cJSON: out of memory");
	out = xstrdup(s);
	cJSON_free(s);
	return out;
}

/* A string member, or NULL. */
static const char *
str_of(const cJSON *o, const char *name)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Copies at most max bytes of s as one safe line (no control bytes). */
static char *
clean_line(const char *s, size_t len, size_t max)
{
	struct cn_buf	 b, out;
	size_t		 i;

	buf_init(&b);
	live_utf8_add(&b, s, len > max ? max : len);
	buf_init(&out);
	for (i = 0; i < b.len; i++) {
		unsigned char	c = (unsigned char)b.s[i];

		if (c < 0x20 || c == 0x7f)
			c = ' ';
		/* C1 controls, U+0080..U+009F, are 0xc2 0x80..0x9f. */
		if (c == 0xc2 && i + 1 < b.len &&
		    (unsigned char)b.s[i + 1] < 0xa0) {
			buf_addc(&out, ' ');
			i++;
			continue;
		}
		if (c == ' ' && out.len > 0 && out.s[out.len - 1] == ' ')
			continue;
		buf_addc(&out, (char)c);
	}
	if (len > max)
		buf_adds(&out, "...");
	buf_free(&b);
	while (out.len > 0 && out.s[out.len - 1] == ' ')
		out.s[--out.len] = '\0';
	return buf_take(&out);
}

/* The message of an error object or value of any family, or NULL. */
static char *
error_of(const cJSON *o)
{
	const cJSON	*err = cJSON_GetObjectItemCaseSensitive(o, "error");
	const cJSON	*d;
	const char	*m;

	if (cJSON_IsString(err))
		return clean_line(err->valuestring, strlen(err->valuestring),
		    300);
	if (cJSON_IsObject(err) && (m = str_of(err, "message")) != NULL)
		return clean_line(m, strlen(m), 300);
	if (cJSON_IsObject(err))
		return xstrdup("error without a message");
	if ((m = str_of(o, "object")) != NULL && strcmp(m, "error") == 0 &&
	    (m = str_of(o, "message")) != NULL)
		return clean_line(m, strlen(m), 300);
	d = cJSON_GetObjectItemCaseSensitive(o, "detail");
	if (cJSON_IsString(d))
		return clean_line(d->valuestring, strlen(d->valuestring), 300);
	if (cJSON_IsArray(d) && (m = str_of(cJSON_GetArrayItem(d, 0), "msg"))
	    != NULL)
		return clean_line(m, strlen(m), 300);
	return NULL;
}

char *
live_error_message(const char *body, size_t len)
{
	cJSON		*o;
	char		*m = NULL;
	const char	*t, *te;

	if (body == NULL || len == 0)
		return xstrdup("(empty body)");
	if ((o = cJSON_ParseWithLength(body, len)) != NULL) {
		if (cJSON_IsObject(o) && (m = error_of(o)) == NULL &&
		    str_of(o, "message") != NULL)
			m = clean_line(str_of(o, "message"),
			    strlen(str_of(o, "message")), 300);
		cJSON_Delete(o);
		if (m != NULL)
			return m;
	}
	/* A proxy's HTML page: its title says the most. */
	if ((t = strstr(body, "<title>")) != NULL &&
	    (te = strstr(t, "</title>")) != NULL)
		return clean_line(t + 7, (size_t)(te - t - 7), 300);
	return clean_line(body, len, 200);
}

int
live_models_has(const struct live_endpoint *e, const char *body,
    size_t len, char **cause)
{
	cJSON		*o, *list, *it;
	const char	*id;
	struct cn_buf	 names;
	size_t		 ml;
	int		 rc = 0, count = 0;

	if ((o = cJSON_ParseWithLength(body, len)) == NULL ||
	    !cJSON_IsObject(o)) {
		cJSON_Delete(o);
		if (cause != NULL)
			*cause = xstrdup("the model list is not JSON");
		return -1;
	}
	list = cJSON_GetObjectItemCaseSensitive(o, e->kind == LIVE_OLLAMA ?
	    "models" : "data");
	if (!cJSON_IsArray(list)) {
		cJSON_Delete(o);
		if (cause != NULL)
			*cause = xasprintf("the model list has no \"%s\" array",
			    e->kind == LIVE_OLLAMA ? "models" : "data");
		return -1;
	}
	buf_init(&names);
	ml = e->model != NULL ? strlen(e->model) : 0;
	cJSON_ArrayForEach(it, list) {
		id = str_of(it, e->kind == LIVE_OLLAMA ? "name" : "id");
		if (id == NULL)
			continue;
		count++;
		if (e->model == NULL || strcmp(id, e->model) == 0 ||
		    (e->kind == LIVE_OLLAMA && strncmp(id, e->model, ml) == 0
		    && strcmp(id + ml, ":latest") == 0))
			rc = 1;
		if (names.len < 200) {
			if (names.len > 0)
				buf_adds(&names, ", ");
			buf_adds(&names, id);
		}
	}
	cJSON_Delete(o);
	if (rc == 0 && cause != NULL) {
		char *c = clean_line(names.s != NULL ? names.s : "",
		    names.len, 200);

		*cause = count == 0 ? xstrdup("the server lists no model") :
		    xasprintf("not served (the server has: %s)", c);
		free(c);
	}
	buf_free(&names);
	return rc;
}

/* Appends text to candidate i, checking the index. */
static int
cand_add(struct live_cand *cands, int ncand, int i, const char *text,
    char **cause)
{
	if (i < 0 || i >= ncand) {
		if (cause != NULL)
			*cause = xasprintf("choice index %d out of range"
			    " (asked for %d)", i, ncand);
		return -1;
	}
	if (text != NULL)
		live_utf8_add(&cands[i].text, text, strlen(text));
	return 0;
}

/* Reads the token counts that o names prompt and completion, if numbers. */
static void
usage_from(const cJSON *o, const char *prompt, const char *completion,
    struct live_usage *usage)
{
	const cJSON	*v;

	if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(o, prompt)))
		usage->prompt_tokens = (int64_t)v->valuedouble;
	if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(o,
	    completion)))
		usage->completion_tokens = (int64_t)v->valuedouble;
}

/* Reads an OpenAI-shaped usage object. */
static void
usage_of(const cJSON *u, struct live_usage *usage)
{
	if (cJSON_IsObject(u))
		usage_from(u, "prompt_tokens", "completion_tokens", usage);
}

/*
 * A chunk of a one-answer family: appends its text (member text) to
 * candidate 0. Returns 1 when member done says it is the final one (the
 * candidate is then done), 0 if not, -1 with *cause on error.
 */
static int
single_chunk(const cJSON *o, const char *text, const char *done,
    struct live_cand *cands, int ncand, char **cause)
{
	if (cand_add(cands, ncand, 0, str_of(o, text), cause) != 0)
		return -1;
	if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, done)))
		return 0;
	cands[0].done = 1;
	return 1;
}

/* An OpenAI-shaped chunk (chat or completions). */
static int
openai_event(const struct live_endpoint *e, const cJSON *o,
    struct live_cand *cands, int ncand, struct live_usage *usage,
    char **cause)
{
	const cJSON	*ch, *c, *idx, *d, *sr;
	const char	*fr, *text;
	int		 i;

	usage_of(cJSON_GetObjectItemCaseSensitive(o, "usage"), usage);
	ch = cJSON_GetObjectItemCaseSensitive(o, "choices");
	if (!cJSON_IsArray(ch)) {
		if (cause != NULL)
			*cause = xstrdup("malformed event: no \"choices\"");
		return -1;
	}
	cJSON_ArrayForEach(c, ch) {
		idx = cJSON_GetObjectItemCaseSensitive(c, "index");
		i = cJSON_IsNumber(idx) ? (int)idx->valuedouble : 0;
		if (e->kind == LIVE_OPENAI_CHAT) {
			d = cJSON_GetObjectItemCaseSensitive(c, "delta");
			if (d == NULL)
				d = cJSON_GetObjectItemCaseSensitive(c,
				    "message");
			text = str_of(d, "content");
		} else
			text = str_of(c, "text");
		if (cand_add(cands, ncand, i, text, cause) != 0)
			return -1;
		if ((fr = str_of(c, "finish_reason")) == NULL)
			continue;
		cands[i].done = 1;
		sr = cJSON_GetObjectItemCaseSensitive(c, "stop_reason");
		if (strcmp(fr, "length") == 0)
			cands[i].finish = LIVE_FIN_LENGTH;
		else if (cJSON_IsString(sr))
			cands[i].finish = LIVE_FIN_STEP;
		else if (cJSON_IsNull(sr))
			cands[i].finish = LIVE_FIN_EOS;	/* vLLM: EOS */
		else
			cands[i].finish = LIVE_FIN_STOP;
	}
	return 0;
}

/*
 * The one-answer families: the members of a chunk that hold its text, say
 * it is the last, say why the answer ended (words other than these are
 * LIVE_FIN_STOP), and count the tokens.
 */
struct single_family {
	const char	*text, *done, *why;
	struct {
		const char		*word;
		enum live_finish	 finish;
	} whys[4];
	const char	*prompt, *completion;
};

/* llama.cpp /completion. */
static const struct single_family llamacpp_family = {
	"content", "stop", "stop_type",
	{ { "eos", LIVE_FIN_EOS }, { "word", LIVE_FIN_STEP },
	  { "limit", LIVE_FIN_LENGTH }, { NULL, LIVE_FIN_NONE } },
	"tokens_evaluated", "tokens_predicted"
};

/* Ollama /api/generate: it does not tell a stop string from the end. */
static const struct single_family ollama_family = {
	"response", "done", "done_reason",
	{ { "length", LIVE_FIN_LENGTH }, { NULL, LIVE_FIN_NONE } },
	"prompt_eval_count", "eval_count"
};

/* A chunk of a one-answer family f; 1 at the final one. */
static int
single_event(const struct single_family *f, const cJSON *o,
    struct live_cand *cands, int ncand, struct live_usage *usage,
    char **cause)
{
	const char	*why;
	int		 rc, i;

	if ((rc = single_chunk(o, f->text, f->done, cands, ncand,
	    cause)) != 1)
		return rc;
	why = str_of(o, f->why);
	cands[0].finish = LIVE_FIN_STOP;
	for (i = 0; why != NULL && f->whys[i].word != NULL; i++)
		if (strcmp(why, f->whys[i].word) == 0)
			cands[0].finish = f->whys[i].finish;
	usage_from(o, f->prompt, f->completion, usage);
	return 1;
}

int
live_gen_event(const struct live_endpoint *e, const char *event,
    const char *data, size_t len, struct live_cand *cands, int ncand,
    struct live_usage *usage, char **cause)
{
	cJSON	*o;
	char	*m;
	int	 rc;

	if (event != NULL && strcmp(event, "error") == 0) {
		m = live_error_message(data, len);
		if (cause != NULL)
			*cause = xasprintf("error event in the stream: %s", m);
		free(m);
		return -1;
	}
	if (event != NULL && strcmp(event, "message") != 0)
		return 0;	/* other named events: not ours */
	if (len >= 6 && strncmp(data, "[DONE]", 6) == 0)
		return 1;
	if ((o = cJSON_ParseWithLength(data, len)) == NULL ||
	    !cJSON_IsObject(o)) {
		cJSON_Delete(o);
		m = clean_line(data, len, 60);
		if (cause != NULL)
			*cause = xasprintf("malformed event (not a JSON"
			    " object): %s", m);
		free(m);
		return -1;
	}
	if ((m = error_of(o)) != NULL) {
		cJSON_Delete(o);
		if (cause != NULL)
			*cause = xasprintf("error event in the stream: %s", m);
		free(m);
		return -1;
	}
	switch (e->kind) {
	case LIVE_OPENAI_CHAT:
	case LIVE_OPENAI_COMPLETIONS:
		rc = openai_event(e, o, cands, ncand, usage, cause);
		break;
	case LIVE_LLAMACPP:
		rc = single_event(&llamacpp_family, o, cands, ncand, usage,
		    cause);
		break;
	case LIVE_OLLAMA:
		rc = single_event(&ollama_family, o, cands, ncand, usage,
		    cause);
		break;
	default:
		rc = 0;
		break;
	}
	cJSON_Delete(o);
	return rc;
}
