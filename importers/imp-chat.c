/*
 * imp-chat.c - OpenAI-style chat JSONL rollouts (docs/rollouts.md):
 *	{"messages": [{"role": r, "content": c}, ...], "reward"?: num}
 * The prompt is every message before the first assistant message; lines
 * with the same prompt (roles and contents) form one group, merged into a
 * prefix tree by imp-rollout.c. The root holds the prompt (its content
 * when it is one message, else "role: content" blocks joined by a blank
 * line), also the trace problem. Each later message, whatever its role,
 * is at least one step (node role = message role), split further by the
 * step separator. reward -> reward where the rollout ends; other keys ->
 * that node's extra. Content may be a string, an array of parts (the
 * "text" of each part is joined), or null when the message has tool_calls:
 * the text is then each call as an action (imp-agent.h), "name main-arg"
 * over its arguments one "key: value" a line, calls apart by a blank line,
 * or the tool_calls JSON when a call is not {"function": {"name",
 * "arguments"}} with arguments an object or its JSON text. Other message
 * fields are dropped.
 * Trace ext_id: "chat-<16 hex>", the FNV-1a 64 hash of the prompt's
 * "role\0content\0" pairs.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "imp-agent.h"
#include "imp-formats.h"
#include "imp-rollout.h"

static const char *const chat_used[] = { "messages", "reward", NULL };

/* Tool calls as actions (heap), or NULL if one is not a function call. */
static char *
chat_tool_calls(const cJSON *calls)
{
	const cJSON	*c, *fn, *name, *a;
	cJSON		*args;
	struct cn_buf	 b;

	if (!cJSON_IsArray(calls) || calls->child == NULL)
		return NULL;
	buf_init(&b);
	cJSON_ArrayForEach(c, calls) {
		fn = cJSON_GetObjectItemCaseSensitive(c, "function");
		name = cJSON_GetObjectItemCaseSensitive(fn, "name");
		a = cJSON_GetObjectItemCaseSensitive(fn, "arguments");
		/* The same checks as a record's (NaN, depth, overflow). */
		if (cJSON_IsString(a))
			args = imp_json_parse(a->valuestring,
			    strlen(a->valuestring), "arguments", 0, NULL);
		else
			args = cJSON_IsObject(a) ? cJSON_Duplicate(a, 1) : NULL;
		if (!cJSON_IsString(name) || *name->valuestring == '\0' ||
		    !cJSON_IsObject(args)) {
			cJSON_Delete(args);
			buf_free(&b);
			return NULL;
		}
		imp_agent_call(&b, name->valuestring, args);
		cJSON_Delete(args);
	}
	return buf_take(&b);
}

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
		if (t != NULL && !cJSON_IsNull(t)) {
			char *s = chat_tool_calls(t);

			return s != NULL ? s : imp_json_print(t);
		}
	}
	return NULL;
}

/* Maps one parsed line (a rollout_record_fn). */
static int
chat_record(struct rollout *ro, struct imp_jrec *jr, const cJSON *j,
    const struct imp_opts *o, struct rollout_sample *s,
    struct rollout_steps *st, char **msg)
{
	const cJSON		*msgs, *m, *role;
	cJSON			*extra = NULL;
	struct cn_buf		 root;
	char			**texts = NULL;
	uint64_t		 key = ROLLOUT_HASH_INIT;
	int			 n, i, first = -1, rv = CN_BAD;

	buf_init(&root);
	if ((msgs = imp_rec_need(jr, j, "messages", cJSON_Array, "an array",
	    msg)) == NULL)
		return CN_BAD;
	if (rollout_reward(jr, j, "reward", &s->reward, msg) != 0)
		return CN_BAD;

	n = cJSON_GetArraySize(msgs);
	texts = xcalloc((size_t)n + 1, sizeof *texts);
	for (i = 0, m = msgs->child; m != NULL; m = m->next, i++) {
		role = cJSON_GetObjectItemCaseSensitive(m, "role");
		if (!cJSON_IsObject(m)) {
			*msg = imp_jrec_at(jr, "messages",
			    "messages[%d] is not an object", i);
			goto out;
		}
		if (!cJSON_IsString(role)) {
			*msg = imp_jrec_at(jr, "messages",
			    "messages[%d] has no \"role\" string", i);
			goto out;
		}
		if ((texts[i] = chat_content(m)) == NULL) {
			*msg = imp_jrec_at(jr, "messages",
			    "messages[%d].content is not a string", i);
			goto out;
		}
		if (first < 0 && strcmp(role->valuestring, "assistant") == 0)
			first = i;
	}
	if (first < 0) {
		*msg = imp_jrec_at(jr, "messages", "no assistant message");
		goto out;
	}
	if (first == 0) {
		*msg = imp_jrec_at(jr, "messages", "no prompt before the first "
		    "assistant message");
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
		rollout_split(st, role->valuestring, texts[i],
		    strlen(texts[i]), o != NULL ? o->step_sep : NULL);
	}
	extra = imp_json_minus(j, chat_used, 0);

	s->key = key;
	s->ext_prefix = "chat-";
	s->root_text = root.s;
	s->steps = st->v;
	s->nsteps = st->n;
	s->extra = extra;
	s->line = jr->line0;
	rv = rollout_add(ro, s, msg) == 0 ? CN_OK : CN_FATAL;
out:
	cJSON_Delete(extra);
	buf_free(&root);
	xfree_strv(texts, (size_t)n);
	return rv;
}

int
imp_chat_read(FILE *in, const char *name, const struct imp_opts *o,
    const struct imp_sink *sink, struct imp_report *rep, char **cause)
{
	return rollout_run(in, name, "chat-jsonl", chat_record, o, sink, rep,
	    cause);
}

int
imp_chat_sniff(const char *buf, size_t len, char **why)
{
	size_t	span, f = imp_rec_first(buf, len, &span);
	long	off;

	/* A top-level array of records: its first element. */
	buf += f;
	len -= f;
	off = imp_jscan_member(buf, len, "messages");
	if (off < 0 || buf[off] != '[') {
		*why = xstrdup("no \"messages\" array");
		return 0;
	}
	return 1;
}
