/*
 * imp-chat.c - OpenAI-style chat JSONL rollouts:
 *	{"messages": [{"role": r, "content": c}, ...], "reward"?: num}
 * The prompt is every message before the first assistant message; lines
 * with the same prompt (roles and contents) form one group, merged into a
 * prefix tree by imp-rollout.c. The root holds the prompt (its content
 * when it is one message, else "role: content" blocks joined by a blank
 * line), also the trace problem. Each later message, whatever its role,
 * is at least one step (node role = message role), split further by the
 * step separator. reward -> reward where the rollout ends; other keys ->
 * that node's extra. Content may be a string, an array of parts (the
 * "text" of each part is joined), or null when the message has tool_calls
 * (the text is then the tool_calls JSON). Other message fields are dropped.
 * Trace ext_id: "chat-<16 hex>", the FNV-1a 64 hash of the prompt's
 * "role\0content\0" pairs.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "imp-formats.h"
#include "imp-rollout.h"

static const char *const chat_used[] = { "messages", "reward", NULL };

/* The text of a message as a heap string, or NULL if content is bad. */
static char *
chat_content(const cJSON *m)
{
	const cJSON	*c, *p, *t;
	struct cn_buf	 b;

	c = cJSON_GetObjectItemCaseSensitive(m, "content");
	if (cJSON_IsString(c))
		return xstrdup(c->valuestring);
	if (cJSON_IsArray(c)) {
		buf_init(&b);
		buf_adds(&b, "");
		cJSON_ArrayForEach(p, c) {
			if (cJSON_IsString(p)) {
				buf_adds(&b, p->valuestring);
				continue;
			}
			t = cJSON_GetObjectItemCaseSensitive(p, "text");
			if (!cJSON_IsString(t)) {
				buf_free(&b);
				return NULL;
			}
			buf_adds(&b, t->valuestring);
		}
		return buf_take(&b);
	}
	if (c == NULL || cJSON_IsNull(c)) {
		t = cJSON_GetObjectItemCaseSensitive(m, "tool_calls");
		if (t != NULL && !cJSON_IsNull(t))
			return ijson_print(t);
	}
	return NULL;
}

/* Maps one parsed line; 0, -1 with *msg (bad record), -2 (fatal). */
static int
chat_record(struct rollout *ro, const cJSON *j, const char *name,
    const struct imp_lines *l, const struct imp_opts *o, char **msg,
    char **cause)
{
	struct rollout_sample	 s;
	struct rollout_steps	 st;
	const cJSON		*msgs, *m, *role, *v;
	cJSON			*extra = NULL;
	struct cn_buf		 root;
	char			**texts = NULL;
	uint64_t		 key = ROLLOUT_HASH_INIT;
	long			 col;
	int			 n, i, first = -1, rv = -1;

	*msg = NULL;
	memset(&st, 0, sizeof st);
	memset(&s, 0, sizeof s);
	buf_init(&root);
	if (!cJSON_IsObject(j)) {
		*msg = xasprintf("%s:%ld:1: record is not a JSON object",
		    name, l->lineno);
		return -1;
	}
	col = rollout_key_col(l->line, l->len, "messages");
	msgs = cJSON_GetObjectItemCaseSensitive(j, "messages");
	if (msgs == NULL) {
		*msg = xasprintf("%s:%ld:1: missing \"messages\"", name,
		    l->lineno);
		return -1;
	}
	if (!cJSON_IsArray(msgs)) {
		*msg = xasprintf("%s:%ld:%ld: \"messages\" is not an array",
		    name, l->lineno, col);
		return -1;
	}
	s.reward = s.outcome = CN_NOVAL;
	v = cJSON_GetObjectItemCaseSensitive(j, "reward");
	if (cJSON_IsNumber(v) || cJSON_IsBool(v))
		s.reward = ijson_num(j, "reward");
	else if (v != NULL && !cJSON_IsNull(v)) {
		*msg = xasprintf("%s:%ld:%ld: \"reward\" is not a number",
		    name, l->lineno, rollout_key_col(l->line, l->len,
		    "reward"));
		return -1;
	}

	n = cJSON_GetArraySize(msgs);
	texts = xcalloc((size_t)n + 1, sizeof *texts);
	for (i = 0, m = msgs->child; m != NULL; m = m->next, i++) {
		role = cJSON_GetObjectItemCaseSensitive(m, "role");
		if (!cJSON_IsObject(m)) {
			*msg = xasprintf("%s:%ld:%ld: messages[%d] is not an "
			    "object", name, l->lineno, col, i);
			goto out;
		}
		if (!cJSON_IsString(role)) {
			*msg = xasprintf("%s:%ld:%ld: messages[%d] has no "
			    "\"role\" string", name, l->lineno, col, i);
			goto out;
		}
		if ((texts[i] = chat_content(m)) == NULL) {
			*msg = xasprintf("%s:%ld:%ld: messages[%d].content is "
			    "not a string", name, l->lineno, col, i);
			goto out;
		}
		if (first < 0 && strcmp(role->valuestring, "assistant") == 0)
			first = i;
	}
	if (first < 0) {
		*msg = xasprintf("%s:%ld:%ld: no assistant message", name,
		    l->lineno, col);
		goto out;
	}
	if (first == 0) {
		*msg = xasprintf("%s:%ld:%ld: no prompt before the first "
		    "assistant message", name, l->lineno, col);
		goto out;
	}

	buf_adds(&root, "");
	for (i = 0, m = msgs->child; i < first; m = m->next, i++) {
		role = cJSON_GetObjectItemCaseSensitive(m, "role");
		key = rollout_hash(key, role->valuestring,
		    strlen(role->valuestring) + 1);
		key = rollout_hash(key, texts[i], strlen(texts[i]) + 1);
		if (first == 1) {
			buf_adds(&root, texts[i]);
			continue;
		}
		if (i > 0)
			buf_adds(&root, "\n\n");
		buf_printf(&root, "%s: %s", role->valuestring, texts[i]);
	}
	for (; m != NULL; m = m->next, i++) {
		role = cJSON_GetObjectItemCaseSensitive(m, "role");
		rollout_split(&st, role->valuestring, texts[i],
		    strlen(texts[i]), o != NULL ? o->step_sep : NULL);
	}
	extra = rollout_extra(j, chat_used);

	s.key = key;
	s.ext_prefix = "chat-";
	s.root_text = root.s;
	s.steps = st.v;
	s.nsteps = st.n;
	s.extra = extra;
	s.line = l->lineno;
	rv = rollout_add(ro, &s, cause) == 0 ? 0 : -2;
out:
	cJSON_Delete(extra);
	rollout_steps_free(&st);
	buf_free(&root);
	for (i = 0; i < n; i++)
		free(texts[i]);
	free(texts);
	return rv;
}

int
imp_chat_run(FILE *in, const char *name, const struct imp_opts *o,
    const struct imp_sink *sink, struct imp_report *rep, char **cause)
{
	return rollout_run(in, name, "chat-jsonl", chat_record, o, sink, rep, cause);
}

int
imp_chat_sniff(const char *buf, size_t len, char **why)
{
	long	off;

	off = rollout_find_key(buf, len, "messages");
	if (off < 0 || buf[off] != '[') {
		*why = xstrdup("no \"messages\" array");
		return 0;
	}
	return 1;
}
