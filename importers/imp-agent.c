/*
 * imp-agent.c - the text of an agent's action: headline, thoughts and
 * readable arguments (imp-agent.h). The table of main arguments is
 * documented in docs/format.md, "Agent actions": keep the two in step.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "importers.h"
#include "imp-agent.h"
#include "imp-text.h"

/* Actions whose headline names no argument: their one argument is a
 * sentence (the reason), which the detail pane shows. */
static const char *const agent_bare[] = { "Finish", "Reject", NULL };

/*
 * Where the main argument is looked for, in this order: what the action
 * works on (a file, then a symbol), then what it searches for or runs.
 */
static const char *const agent_keys[] = { "path", "file_path",
    "function_name", "class_name", "query", "code_snippet", "command",
    "pattern", "directory", "test_files", "url", "function_names",
    "class_names", "file_pattern", NULL };

/* Columns of indentation past which values are written as JSON. */
#define AGENT_MAX_INDENT	16

/* A non-empty string in v, or in its first element when v is an array. */
static const char *
agent_str(const cJSON *v)
{
	if (cJSON_IsArray(v))
		v = cJSON_GetArrayItem(v, 0);
	if (cJSON_IsString(v) && *v->valuestring != '\0')
		return v->valuestring;
	return NULL;
}

/* The first value under one of agent_keys in object o, or NULL. */
static const char *
agent_keyed(const cJSON *o, const char *const *skip)
{
	const char	*s;
	size_t		 i;

	for (i = 0; agent_keys[i] != NULL; i++) {
		if (imp_json_listed(skip, agent_keys[i]))
			continue;
		if ((s = agent_str(cJSON_GetObjectItemCaseSensitive(o,
		    agent_keys[i]))) != NULL)
			return s;
	}
	return NULL;
}

const char *
imp_agent_main_arg(const char *name, const cJSON *args,
    const char *const *skip)
{
	const cJSON	*v;
	const char	*s;

	if (!cJSON_IsObject(args) ||
	    (name != NULL && imp_json_listed(agent_bare, name)))
		return NULL;
	if ((s = agent_keyed(args, skip)) != NULL)
		return s;
	/* ViewCode's files, SearchCode's search_requests: the first one. */
	cJSON_ArrayForEach(v, args) {
		if (imp_json_listed(skip, v->string) || !cJSON_IsArray(v))
			continue;
		if ((s = agent_keyed(cJSON_GetArrayItem(v, 0), NULL)) != NULL)
			return s;
	}
	cJSON_ArrayForEach(v, args)
		if (!imp_json_listed(skip, v->string) && cJSON_IsString(v) &&
		    *v->valuestring != '\0')
			return v->valuestring;
	return NULL;
}

/* A scalar that fits on its key's line (a string without newline). */
static int
agent_inline(const cJSON *v)
{
	if (cJSON_IsString(v))
		return strchr(v->valuestring, '\n') == NULL;
	return !cJSON_IsArray(v) && !cJSON_IsObject(v);
}

/* An array of inline scalars: one line, comma-separated. */
static int
agent_flat(const cJSON *v)
{
	const cJSON	*e;

	if (!cJSON_IsArray(v))
		return 0;
	cJSON_ArrayForEach(e, v)
		if (!agent_inline(e))
			return 0;
	return 1;
}

static void
agent_scalar(struct cn_buf *b, const cJSON *v)
{
	char	*s;

	if (cJSON_IsString(v)) {
		buf_adds(b, v->valuestring);
		return;
	}
	s = imp_json_print(v);
	buf_adds(b, s);
	free(s);
}

static void	agent_value(struct cn_buf *, const char *key, const cJSON *,
		    int ind);

/* The members of object o at indent ind, nulls and skip left out. */
static void
agent_members(struct cn_buf *b, const cJSON *o, int ind,
    const char *const *skip)
{
	const cJSON	*v;

	cJSON_ArrayForEach(v, o) {
		if (cJSON_IsNull(v) || imp_json_listed(skip, v->string))
			continue;
		agent_value(b, v->string, v, ind);
	}
}

/*
 * One "key: value" (key NULL: an array element, "- value"), each line
 * ending in '\n'. Values nest no deeper than the input, which cJSON
 * bounds at 1000 levels.
 */
static void
agent_value(struct cn_buf *b, const char *key, const cJSON *v, int ind)
{
	const cJSON	*e;
	const char	*p, *nl;
	size_t		 at;
	int		 k;

	buf_printf(b, "%*s", ind, "");
	if (key != NULL) {
		buf_adds(b, key);
		buf_addc(b, ':');
	} else
		buf_addc(b, '-');
	/* Deep values stay compact JSON: indenting each line by its depth
	 * would let a small nested input grow without bound. */
	if (agent_inline(v) || (ind >= AGENT_MAX_INDENT &&
	    !cJSON_IsString(v))) {
		buf_addc(b, ' ');
		agent_scalar(b, v);
		buf_addc(b, '\n');
		return;
	}
	if (agent_flat(v)) {
		k = 0;
		cJSON_ArrayForEach(e, v) {
			buf_adds(b, k++ > 0 ? ", " : " ");
			agent_scalar(b, e);
		}
		buf_addc(b, '\n');
		return;
	}
	buf_addc(b, '\n');
	if (cJSON_IsString(v)) {
		for (p = v->valuestring; ; p = nl + 1) {
			nl = strchr(p, '\n');
			buf_printf(b, "%*s", ind + 2, "");
			buf_add(b, p, nl != NULL ? (size_t)(nl - p) :
			    strlen(p));
			buf_addc(b, '\n');
			if (nl == NULL)
				break;
		}
		return;
	}
	if (cJSON_IsObject(v)) {
		agent_members(b, v, ind + 2, NULL);
		return;
	}
	cJSON_ArrayForEach(e, v) {
		if (!cJSON_IsObject(e) || e->child == NULL) {
			agent_value(b, NULL, e, ind + 2);
			continue;
		}
		/* An object element: its first member on the "- " line. */
		at = b->len;
		agent_members(b, e, ind + 4, NULL);
		if (b->len > at + (size_t)ind + 3)
			b->s[at + (size_t)ind + 2] = '-';
	}
}

void
imp_agent_args(struct cn_buf *b, const cJSON *args, const char *const *skip)
{
	if (cJSON_IsObject(args))
		agent_members(b, args, 0, skip);
}

/* Appends the headline: name, and the main argument's first line. */
static void
agent_headline(struct cn_buf *b, const char *name, const cJSON *args,
    const char *const *skip)
{
	const char	*arg;

	if (b->len > 0)
		buf_adds(b, "\n\n");
	buf_adds(b, name);
	if ((arg = imp_agent_main_arg(name, args, skip)) != NULL) {
		buf_addc(b, ' ');
		buf_add(b, arg, strcspn(arg, "\n"));
	}
}

/*
 * Appends sep and the arguments, without the last one's newline; nothing
 * when there are no arguments.
 */
static void
agent_args_after(struct cn_buf *b, const char *sep, const cJSON *args,
    const char *const *skip)
{
	size_t	at = b->len;

	buf_adds(b, sep);
	imp_agent_args(b, args, skip);
	if (b->len == at + strlen(sep))
		b->len = at;
	else
		b->len--;
	b->s[b->len] = '\0';
}

void
imp_agent_text(struct cn_buf *b, const char *name, const char *thoughts,
    const cJSON *args, const char *const *skip)
{
	agent_headline(b, name, args, skip);
	if (thoughts != NULL && *thoughts != '\0') {
		buf_adds(b, "\n\n");
		buf_adds(b, thoughts);
	}
	agent_args_after(b, "\n\n", args, skip);
}

void
imp_agent_call(struct cn_buf *b, const char *name, const cJSON *args)
{
	agent_headline(b, name, args, NULL);
	agent_args_after(b, "\n", args, NULL);
}
