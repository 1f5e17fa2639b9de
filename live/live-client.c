/*
 * live-client.c - the HTTP client: requests on one libcurl multi handle,
 * driven by the caller (live_client_step) so a UI loop never blocks on
 * the network. Timeouts (connect, first byte, idle), bounded retries with
 * backoff and Retry-After, and the body size cap live here; what the
 * bytes mean is live-stream.c's and live-proto.c's business.
 *
 * Retries: connect errors, timeouts before any text, 408, 409, 429 and
 * 5xx, at most max_retries times, never once text reached the caller.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "live.h"

/* What of a response body is kept for messages and the call record. */
#define LIVE_KEEP_BODY	(256u << 10)

struct live_call {
	struct live_client	*cl;
	struct live_call	*next;
	struct live_call_info	 info;	/* what callers read */
	struct live_endpoint	*e;
	char			*method;
	char			*body;
	int			 stream;
	int			 ncand;
	int			 index_base;
	live_delta_cb		 delta;
	void			*arg;

	CURL			*h;
	struct curl_slist	*hdrs;
	char			 errbuf[CURL_ERROR_SIZE];
	struct cn_buf		 raw;		/* body, up to LIVE_KEEP_BODY */
	size_t			 total;		/* body bytes this attempt */
	struct live_sse		 sse;
	struct live_ndjson	 nd;
	int			 ended;		/* the terminator came */
	/*
	 * A server that ignores stream: true answers with one JSON
	 * object: it is kept whole and read as one event at the end.
	 */
	int			 plain;		/* 1: plain JSON, -1: a stream */
	struct cn_buf		 whole;
	char			*abort_msg;	/* why we stopped reading */
	int			 abort_retry;	/* and whether to try again */
	int64_t			 t_start, t_attempt, t_first, t_last;
	int64_t			 t_retry_at;
	int64_t			 t_end;
	double			 retry_after;	/* seconds, < 0: not given */
};

struct live_client {
	CURLM			*multi;
	struct live_call	*calls;
};

static int64_t
now_ms(void)
{
	return (int64_t)(cn_clock() * 1000);
}

struct live_client *
live_client_new(void)
{
	struct live_client	*cl = xcalloc(1, sizeof *cl);
	static int		 inited;

	if (!inited) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			fatalx("curl_global_init failed");
		inited = 1;
	}
	if ((cl->multi = curl_multi_init()) == NULL)
		fatalx("curl_multi_init failed");
	return cl;
}

/* Drops the transfer of the current attempt, if any. */
static void
call_detach(struct live_call *c)
{
	if (c->h != NULL) {
		curl_multi_remove_handle(c->cl->multi, c->h);
		curl_easy_cleanup(c->h);
		c->h = NULL;
	}
	curl_slist_free_all(c->hdrs);
	c->hdrs = NULL;
}

static void
call_free(struct live_call *c)
{
	int	i;

	call_detach(c);
	live_endpoint_free(c->e);
	free(c->method);
	xfree_const(c->info.url);
	free(c->body);
	buf_free(&c->raw);
	live_sse_free(&c->sse);
	live_ndjson_free(&c->nd);
	buf_free(&c->whole);
	for (i = 0; i < c->ncand; i++)
		buf_free(&c->info.cands[i].text);
	free(c->info.cands);
	free(c->abort_msg);
	xfree_const(c->info.error);
	free(c);
}

void
live_call_free(struct live_call *c)
{
	struct live_call	**pp;

	if (c == NULL)
		return;
	for (pp = &c->cl->calls; *pp != NULL; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	call_free(c);
}

void
live_client_free(struct live_client *cl)
{
	struct live_call	*c, *n;

	if (cl == NULL)
		return;
	for (c = cl->calls; c != NULL; c = n) {
		n = c->next;
		call_free(c);
	}
	curl_multi_cleanup(cl->multi);
	free(cl);
}

/* Ends the call as failed with "endpoint NAME (URL): what". */
static void
call_fail(struct live_call *c, const char *what)
{
	xfree_const(c->info.error);
	if (c->info.attempts > 1)
		c->info.error = xasprintf("endpoint %s (%s): %s (after %d "
		    "attempts)", c->e->name, c->info.url, what,
		    c->info.attempts);
	else
		c->info.error = xasprintf("endpoint %s (%s): %s", c->e->name,
		    c->info.url, what);
	c->info.state = LIVE_FAILED;
	c->t_end = now_ms();
	call_detach(c);
}

/* An event of the stream: update the candidates, pass on new text. */
static int
call_event(void *arg, const char *event, const char *data, size_t len)
{
	struct live_call	*c = arg;
	size_t			*before;
	char			*cause = NULL;
	int			 i, rc;

	before = xcalloc((size_t)c->ncand, sizeof *before);
	for (i = 0; i < c->ncand; i++)
		before[i] = c->info.cands[i].text.len;
	rc = live_gen_event(c->e, event, data, len, c->info.cands, c->ncand,
	    &c->info.usage, &cause);
	for (i = 0; i < c->ncand; i++) {
		if (c->info.cands[i].text.len == before[i])
			continue;
		c->info.delivered = 1;
		if (c->delta != NULL)
			c->delta(c->arg, c->index_base + i,
			    c->info.cands[i].text.s + before[i],
			    c->info.cands[i].text.len - before[i]);
	}
	free(before);
	if (rc < 0) {
		free(c->abort_msg);
		c->abort_msg = cause != NULL ? cause :
		    xstrdup("bad stream event");
		c->abort_retry = 0;
		return -1;
	}
	if (rc > 0)
		c->ended = 1;
	return rc;
}

static size_t
on_body(char *p, size_t size, size_t nmemb, void *arg)
{
	struct live_call	*c = arg;
	size_t			 n = size * nmemb;
	char			*cause = NULL;
	int			 rc;

	c->t_last = now_ms();
	if (c->t_first == 0)
		c->t_first = c->t_last;
	if (c->info.status == 0)
		curl_easy_getinfo(c->h, CURLINFO_RESPONSE_CODE,
		    &c->info.status);
	c->total += n;
	if (c->total > c->e->max_body_bytes) {
		free(c->abort_msg);
		c->abort_msg = xasprintf("response larger than %zu bytes"
		    " (max_body_bytes)", c->e->max_body_bytes);
		c->abort_retry = 0;
		return 0;
	}
	if (c->raw.len < LIVE_KEEP_BODY)
		buf_add(&c->raw, p, n < LIVE_KEEP_BODY - c->raw.len ? n :
		    LIVE_KEEP_BODY - c->raw.len);
	if (!c->stream || c->info.status < 200 || c->info.status > 299)
		return n;
	if (c->plain == 0 && c->e->kind != LIVE_OLLAMA) {
		/* An SSE stream starts with a field name, not a '{'. */
		size_t	i = 0;

		while (i < n && (p[i] == ' ' || p[i] == '\t' ||
		    p[i] == '\r' || p[i] == '\n'))
			i++;
		if (i < n)
			c->plain = p[i] == '{' ? 1 : -1;
	}
	if (c->plain == 1) {
		buf_add(&c->whole, p, n);
		return n;
	}
	if (c->e->kind == LIVE_OLLAMA)
		rc = live_ndjson_feed(&c->nd, p, n, call_event, c, &cause);
	else
		rc = live_sse_feed(&c->sse, p, n, call_event, c, &cause);
	if (rc < 0 && cause != NULL) {
		free(c->abort_msg);
		c->abort_msg = cause;
		c->abort_retry = 0;
	}
	/* At the terminator: stop reading, the connection may stay open. */
	return rc == 0 ? n : 0;
}

static size_t
on_header(char *p, size_t size, size_t nmemb, void *arg)
{
	struct live_call	*c = arg;
	size_t			 n = size * nmemb;
	char			 v[64];
	size_t			 k;

	c->t_last = now_ms();
	if (n > 13 && strncasecmp(p, "content-type:", 13) == 0) {
		k = strspn(p + 13, " \t") + 13;
		/* Ollama's stream is application/x-ndjson. */
		if (n - k >= 16 && strncasecmp(p + k, "application/json",
		    16) == 0)
			c->plain = 1;
	}
	if (n > 15 && strncasecmp(p, "retry-after-ms:", 15) == 0) {
		k = n - 15 < sizeof v - 1 ? n - 15 : sizeof v - 1;
		memcpy(v, p + 15, k);
		v[k] = '\0';
		c->retry_after = strtod(v, NULL) / 1000.0;
	} else if (n > 12 && strncasecmp(p, "retry-after:", 12) == 0 &&
	    c->retry_after < 0) {
		k = n - 12 < sizeof v - 1 ? n - 12 : sizeof v - 1;
		memcpy(v, p + 12, k);
		v[k] = '\0';
		/* Seconds; an HTTP-date reads as 0: the usual backoff. */
		c->retry_after = strtod(v, NULL);
	}
	return n;
}

/* Starts (or restarts) an attempt. */
static void
call_attempt(struct live_call *c)
{
	const char	*key;
	char		*cause = NULL, *auth;
	int		 i;

	c->info.attempts++;
	c->info.status = 0;
	c->total = 0;
	c->ended = 0;
	c->plain = 0;
	buf_reset(&c->whole);
	c->retry_after = -1;
	c->t_attempt = now_ms();
	c->t_first = c->t_last = 0;
	free(c->abort_msg);
	c->abort_msg = NULL;
	buf_reset(&c->raw);
	live_sse_free(&c->sse);
	live_sse_init(&c->sse);
	live_ndjson_free(&c->nd);
	live_ndjson_init(&c->nd);
	for (i = 0; i < c->ncand; i++) {
		buf_reset(&c->info.cands[i].text);
		c->info.cands[i].finish = LIVE_FIN_NONE;
		c->info.cands[i].done = 0;
	}
	memset(&c->info.usage, 0, sizeof c->info.usage);
	if (live_endpoint_key(c->e, &key, &cause) != 0) {
		call_fail(c, cause);
		free(cause);
		return;
	}
	if ((c->h = curl_easy_init()) == NULL)
		fatalx("curl_easy_init failed");
	c->hdrs = curl_slist_append(c->hdrs, "Expect:");
	if (c->body != NULL)
		c->hdrs = curl_slist_append(c->hdrs,
		    "Content-Type: application/json");
	if (c->stream && c->e->kind != LIVE_OLLAMA)
		c->hdrs = curl_slist_append(c->hdrs,
		    "Accept: text/event-stream");
	if (key != NULL) {
		auth = xasprintf("Authorization: Bearer %s", key);
		c->hdrs = curl_slist_append(c->hdrs, auth);
		memset(auth, 0, strlen(auth));
		free(auth);
	}
	curl_easy_setopt(c->h, CURLOPT_URL, c->info.url);
	curl_easy_setopt(c->h, CURLOPT_HTTPHEADER, c->hdrs);
	curl_easy_setopt(c->h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c->h, CURLOPT_ERRORBUFFER, c->errbuf);
	curl_easy_setopt(c->h, CURLOPT_CONNECTTIMEOUT_MS,
	    c->e->connect_timeout_ms);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c->h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(c->h, CURLOPT_PROTOCOLS,
	    (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(c->h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c->h, CURLOPT_WRITEDATA, c);
	curl_easy_setopt(c->h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c->h, CURLOPT_HEADERDATA, c);
	curl_easy_setopt(c->h, CURLOPT_USERAGENT, "canopy/" PACKAGE_VERSION);
	if (c->body != NULL) {
		curl_easy_setopt(c->h, CURLOPT_POSTFIELDS, c->body);
		curl_easy_setopt(c->h, CURLOPT_POSTFIELDSIZE,
		    (long)strlen(c->body));
	}
	c->errbuf[0] = '\0';
	c->info.state = LIVE_RUNNING;
	curl_multi_add_handle(c->cl->multi, c->h);
}

struct live_call *
live_call_start(struct live_client *cl, const struct live_endpoint *e,
    const char *method, const char *path, const char *body, int stream,
    int ncand, int index_base, live_delta_cb delta, void *arg)
{
	struct live_call	*c = xcalloc(1, sizeof *c);
	int			 i;

	c->cl = cl;
	c->e = live_endpoint_dup(e);
	c->method = xstrdup(method);
	c->info.url = xasprintf("%s%s", e->base_url, path != NULL ? path : "");
	c->body = xstrdup_or_null(body);
	c->stream = stream;
	c->ncand = ncand > 0 ? ncand : 1;
	c->index_base = index_base;
	c->delta = delta;
	c->arg = arg;
	c->info.cands = xcalloc((size_t)c->ncand, sizeof *c->info.cands);
	for (i = 0; i < c->ncand; i++)
		buf_init(&c->info.cands[i].text);
	buf_init(&c->raw);
	live_sse_init(&c->sse);
	live_ndjson_init(&c->nd);
	buf_init(&c->whole);
	c->t_start = now_ms();
	c->next = cl->calls;
	cl->calls = c;
	call_attempt(c);
	return c;
}

/*
 * The attempt failed with what: schedules a retry when the failure is
 * one to retry and the budget allows, else fails the call.
 */
static void
call_retry_or_fail(struct live_call *c, int retryable, const char *what)
{
	double	delay;
	char	*msg;
	int	i;

	call_detach(c);
	if (!retryable || c->info.delivered ||
	    c->info.attempts > c->e->max_retries) {
		call_fail(c, what);
		return;
	}
	if (c->retry_after > (double)c->e->retry_after_cap_s) {
		msg = xasprintf("%s; the server asks to retry after %.0f s,"
		    " more than retry_after_cap_s (%ld s)", what,
		    c->retry_after, c->e->retry_after_cap_s);
		call_fail(c, msg);
		free(msg);
		return;
	}
	if (c->retry_after > 0)
		delay = c->retry_after * 1000.0;
	else {
		delay = (double)c->e->retry_initial_ms;
		for (i = 1; i < c->info.attempts &&
		    delay < c->e->retry_max_ms; i++)
			delay *= 2;
		if (delay > c->e->retry_max_ms)
			delay = (double)c->e->retry_max_ms;
	}
	log_debug("live: %s: %s; retry in %.0f ms", c->e->name, what, delay);
	c->info.state = LIVE_WAITING;
	c->t_retry_at = now_ms() + (int64_t)delay;
}

/* Whether an HTTP status is worth another try. */
static int
status_retryable(long s)
{
	return s == 408 || s == 409 || s == 429 || s == 500 || s == 502 ||
	    s == 503 || s == 504;
}

/* A transfer ended with curl result res. */
static void
call_done(struct live_call *c, CURLcode res)
{
	char	*what, *m, *cause = NULL;
	int	 retry;

	if (c->info.status == 0)
		curl_easy_getinfo(c->h, CURLINFO_RESPONSE_CODE,
		    &c->info.status);
	if (c->abort_msg != NULL) {
		what = xstrdup(c->abort_msg);
		call_retry_or_fail(c, c->abort_retry, what);
		free(what);
		return;
	}
	if (c->ended) {
		c->info.state = LIVE_DONE;
		c->t_end = now_ms();
		call_detach(c);
		return;
	}
	if (res != CURLE_OK && c->info.status == 0) {
		/*
		 * A failed handshake does not pass by itself, and OpenSSL's
		 * words for the usual cause ("wrong version number") do not
		 * name it: an https:// URL to a plain-HTTP server.
		 */
		if (res == CURLE_SSL_CONNECT_ERROR) {
			what = xasprintf("TLS handshake failed (is the server"
			    " plain http://?): %s", c->errbuf[0] != '\0' ?
			    c->errbuf : curl_easy_strerror(res));
			call_retry_or_fail(c, 0, what);
			free(what);
			return;
		}
		what = xasprintf("%s", c->errbuf[0] != '\0' ? c->errbuf :
		    curl_easy_strerror(res));
		call_retry_or_fail(c, 1, what);
		free(what);
		return;
	}
	if (c->info.status < 200 || c->info.status > 299) {
		m = live_error_message(c->raw.s, c->raw.len);
		what = xasprintf("HTTP %ld: %s", c->info.status, m);
		/* llama.cpp's 500 for n > 1 is no passing fault. */
		retry = status_retryable(c->info.status) &&
		    strstr(m, "Only one completion choice") == NULL;
		free(m);
		call_retry_or_fail(c, retry, what);
		free(what);
		return;
	}
	if (!c->stream) {
		c->info.state = LIVE_DONE;
		c->t_end = now_ms();
		call_detach(c);
		return;
	}
	if (c->plain == 1 && res == CURLE_OK) {
		/* The whole answer at once: one event, then it is over. */
		if (call_event(c, "message", c->whole.s != NULL ? c->whole.s :
		    "", c->whole.len) >= 0)
			c->ended = 1;
		c->plain = -1;
		call_done(c, res);
		return;
	}
	if (c->e->kind == LIVE_OLLAMA && res == CURLE_OK) {
		/*
		 * A last line without its newline still counts, at a clean
		 * end; on a broken connection it is a piece of a line.
		 */
		live_ndjson_finish(&c->nd, call_event, c, &cause);
		free(cause);
		if (c->abort_msg != NULL || c->ended) {
			call_done(c, res);
			return;
		}
	}
	if (res != CURLE_OK)
		what = xasprintf("the stream broke off: %s", c->errbuf[0] !=
		    '\0' ? c->errbuf : curl_easy_strerror(res));
	else
		what = xstrdup(c->e->kind == LIVE_OPENAI_CHAT || c->e->kind ==
		    LIVE_OPENAI_COMPLETIONS ? "the stream ended without its"
		    " terminator ([DONE])" : "the stream ended without its"
		    " final object");
	call_retry_or_fail(c, 1, what);
	free(what);
}

/* Fails attempts that waited too long for a first byte or a next one. */
static void
check_timeouts(struct live_client *cl, int64_t now)
{
	struct live_call	*c;
	char			*what;

	for (c = cl->calls; c != NULL; c = c->next) {
		if (c->info.state != LIVE_RUNNING || c->h == NULL)
			continue;
		if (c->t_first == 0 &&
		    now - c->t_attempt > c->e->first_byte_timeout_ms) {
			what = xasprintf("no response within %ld ms"
			    " (first_byte_timeout_ms)",
			    c->e->first_byte_timeout_ms);
			call_retry_or_fail(c, 1, what);
			free(what);
		} else if (c->t_first != 0 &&
		    now - c->t_last > c->e->idle_timeout_ms) {
			what = xasprintf("the stream stalled: nothing for %ld"
			    " ms (idle_timeout_ms)", c->e->idle_timeout_ms);
			call_retry_or_fail(c, 1, what);
			free(what);
		}
	}
}

int
live_client_step(struct live_client *cl, int timeout_ms)
{
	struct live_call	*c;
	CURLMsg			*msg;
	int64_t			 now = now_ms(), wait = timeout_ms;
	int			 running, left = 0;

	for (c = cl->calls; c != NULL; c = c->next) {
		if (c->info.state == LIVE_WAITING && now >= c->t_retry_at)
			call_attempt(c);
		if (c->info.state == LIVE_WAITING && c->t_retry_at - now < wait)
			wait = c->t_retry_at - now;
		if (c->info.state == LIVE_RUNNING && wait > 50)
			wait = 50;	/* for the timeout checks */
	}
	if (wait < 0)
		wait = 0;
	curl_multi_perform(cl->multi, &running);
	curl_multi_poll(cl->multi, NULL, 0, (int)wait, NULL);
	curl_multi_perform(cl->multi, &running);
	while ((msg = curl_multi_info_read(cl->multi, &running)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		for (c = cl->calls; c != NULL; c = c->next)
			if (c->h == msg->easy_handle) {
				call_done(c, msg->data.result);
				break;
			}
	}
	check_timeouts(cl, now_ms());
	for (c = cl->calls; c != NULL; c = c->next)
		if (c->info.state == LIVE_RUNNING ||
		    c->info.state == LIVE_WAITING)
			left++;
	return left;
}

void
live_call_cancel(struct live_call *c)
{
	if (c->info.state == LIVE_RUNNING || c->info.state == LIVE_WAITING)
		call_fail(c, "cancelled");
}

const struct live_call_info *
live_call_info(const struct live_call *c)
{
	return &c->info;
}

const char *
live_call_body(const struct live_call *c, size_t *len)
{
	*len = c->raw.len;
	return c->raw.s != NULL ? c->raw.s : "";
}

double
live_call_seconds(const struct live_call *c)
{
	int64_t	end = c->t_end != 0 ? c->t_end : now_ms();

	return (double)(end - c->t_start) / 1000.0;
}
