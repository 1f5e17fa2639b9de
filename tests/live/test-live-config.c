/*
 * test-live-config.c - models.conf: sections, values, defaults, errors
 * with file:line:column, keys refused from files others can read; and
 * the request bodies and paths built from an endpoint (live-config.c,
 * live-proto.c).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include <cmocka.h>

#include "../unit/cn-test.h"

#include "live.h"

static const char good[] =
    "# models.conf\n"
    "[defaults]\n"
    "connect_timeout_ms = 1500\n"
    "max_retries = 1\n"
    "\n"
    "[endpoint vllm]\n"
    "kind = openai-completions\n"
    "base_url = http://127.0.0.1:8000/   # trailing slash dropped\n"
    "model = Qwen/Qwen2.5-Math-7B-Instruct\n"
    "api_key_env = VLLM_API_KEY\n"
    "temperature = 0.7\n"
    "max_tokens = 256\n"
    "seed = -3\n"
    "stop = \"\\n\\nStep\"\n"
    "n = fanout\n"
    "template = \"Q: ${problem}${sep}A: ${steps}\"\n"
    "\n"
    "[scorer prm]\n"
    "base_url = http://127.0.0.1:8001\n"
    "model = Qwen/Qwen2.5-Math-PRM-7B\n"
    "score_index = 1\n";

static void
test_live_config_parses(void **state)
{
	struct live_config		*cfg = NULL;
	const struct live_endpoint	*e;
	char				*cause = NULL;

	assert_int_equal(live_config_parse(good, "m.conf", 0, &cfg, &cause),
	    0);
	assert_null(cause);
	assert_int_equal(cfg->n, 2);
	e = live_config_find(cfg, "vllm");
	assert_non_null(e);
	assert_int_equal(e->kind, LIVE_OPENAI_COMPLETIONS);
	assert_string_equal(e->base_url, "http://127.0.0.1:8000");
	assert_string_equal(e->api_key_env, "VLLM_API_KEY");
	assert_null(e->api_key);
	assert_true(fabs(e->temperature - 0.7) < 1e-9);
	assert_int_equal(e->max_tokens, 256);
	assert_int_equal(e->seed, -3);
	assert_int_equal(e->nstop, 1);
	assert_string_equal(e->stop[0], "\n\nStep");
	assert_int_equal(e->nmode, LIVE_N_FANOUT);
	assert_int_equal(e->connect_timeout_ms, 1500);	/* [defaults] */
	assert_int_equal(e->max_retries, 1);
	assert_string_equal(e->origin, "m.conf:6");
	e = live_config_find(cfg, "prm");
	assert_non_null(e);
	assert_int_equal(e->kind, LIVE_VLLM_POOLING);
	assert_string_equal(e->step_tag, "<extra_0>");
	assert_null(live_config_find(cfg, "nope"));
	live_config_free(cfg);
}

/* Each bad text fails with exactly this message. */
static void
test_live_config_errors_name_line_and_column(void **state)
{
	static const struct cn_test_case	cases[] = {
		{ "[endpoint a]\nkind = gpt\n",
		  "c:2:8: unknown kind 'gpt' (openai-chat, openai-completions,"
		  " llamacpp, ollama, vllm-pooling, vllm-classify,"
		  " http-reward)" },
		{ "[endpoint a]\nbase_url = ftp://x\n",
		  "c:2:12: base_url must start with http:// or https://" },
		{ "[endpoint a]\nbase_url = http://x\nmodel = m\n"
		  "api_key_env = sk-abc123\n",
		  "c:4:15: api_key_env names the environment variable that"
		  " holds the key (letters, digits, _), not the key" },
		{ "[endpoint a]\nbase_url = http://x\nmodel = m\n"
		  "api_key = sk-abc123\n",
		  "c:4:1: refusing a key in a file others can read or change:"
		  " use api_key_env, or chmod 600 the file" },
		{ "[endpoint a]\nkind = openai-chat\n",
		  "c:1:1: a: no base_url" },
		{ "[endpoint a]\nbase_url = http://x\n",
		  "c:1:1: a: no model (kind openai-completions needs one)" },
		{ "[endpoint a]\ncolour = red\n",
		  "c:2:1: unknown key 'colour'" },
		{ "[endpoint a]\ntemperature = hot\n",
		  "c:2:15: bad value 'hot' for temperature" },
		{ "[endpoint a]\nstop = \"abc\n",
		  "c:2:8: unterminated string or bad escape" },
		{ "[widget a]\n", "c:1:2: unknown section 'widget a' (defaults,"
		  " endpoint NAME, scorer NAME)" },
		{ "[scorer s]\nkind = ollama\n",
		  "c:2:8: kind ollama is a generator, not a scorer" },
		{ "[endpoint a]\nkind = llamacpp\nbase_url = http://x\n"
		  "[endpoint a]\n", "c:4:11: 'a' is defined twice" },
		{ "  kind = ollama\n",
		  "c:1:1: indented line (keys start at column 1)" },
	};
	struct live_config	*cfg;
	size_t			 i;
	char			*cause;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cause = NULL;
		cfg = NULL;
		assert_int_equal(live_config_parse(cases[i].in, "c", 0, &cfg,
		    &cause), -1);
		assert_null(cfg);
		assert_string_equal(cause, cases[i].want);
		free(cause);
	}
}

static void
test_live_config_key_from_private_file(void **state)
{
	struct live_config	*cfg = NULL;
	const char		*key;
	char			*cause = NULL;

	assert_int_equal(live_config_parse("[endpoint a]\nkind = openai-chat\n"
	    "base_url = http://x\nmodel = m\napi_key = sk-1\n", "c", 1, &cfg,
	    &cause), 0);
	assert_int_equal(live_endpoint_key(cfg->v[0], &key, &cause), 0);
	assert_string_equal(key, "sk-1");
	live_config_free(cfg);
}

static void
test_live_key_from_environment(void **state)
{
	struct live_endpoint	 e;
	const char		*key;
	char			*cause = NULL;

	assert_int_equal(live_endpoint_adhoc(&e, "openai-chat",
	    "http://127.0.0.1:1", "m", "CANOPY_TEST_KEY_VAR", &cause), 0);
	unsetenv("CANOPY_TEST_KEY_VAR");
	assert_int_equal(live_endpoint_key(&e, &key, &cause), -1);
	assert_string_equal(cause, "environment variable CANOPY_TEST_KEY_VAR"
	    " (api_key_env) is not set");
	free(cause);
	setenv("CANOPY_TEST_KEY_VAR", "secret", 1);
	assert_int_equal(live_endpoint_key(&e, &key, &cause), 0);
	assert_string_equal(key, "secret");
	live_endpoint_clear(&e);

	assert_int_equal(live_endpoint_adhoc(&e, "gpt", "http://x", "m", NULL,
	    &cause), -1);
	assert_non_null(strstr(cause, "unknown kind 'gpt'"));
	free(cause);
	live_endpoint_clear(&e);
}

static void
test_live_request_bodies(void **state)
{
	static const char *const steps[] = { "Step 1: x = 2.", "Step 2: y." };
	struct live_config	*cfg = NULL;
	struct live_endpoint	 e;
	struct live_prompt	 p = { "Solve.", steps, 2, 0 };
	char			*cause = NULL;

	assert_int_equal(live_config_parse(good, "m.conf", 0, &cfg, &cause),
	    0);
	assert_string_took(live_prompt_render(cfg->v[0], &p),
	    "Q: Solve.\n\nA: Step 1: x = 2.\n\nStep 2: y.\n\n");
	assert_string_took(live_gen_path(cfg->v[0]), "/v1/completions");
	assert_string_took(live_gen_body(cfg->v[0], &p, 1, NAN),
	    "{\"model\":\"Qwen/Qwen2.5-Math-7B-Instruct\","
	    "\"prompt\":\"Q: Solve.\\n\\nA: Step 1: x = 2.\\n\\nStep 2: y."
	    "\\n\\n\",\"temperature\":0.7,\"seed\":-3,\"max_tokens\":256,"
	    "\"stop\":[\"\\n\\n\",\"\\n\\nStep\"],\"stream\":true,"
	    "\"stream_options\":{\"include_usage\":true}}");
	live_config_free(cfg);

	/* Ollama: raw prompt, options; full mode sends no separator stop. */
	assert_int_equal(live_endpoint_adhoc(&e, "ollama",
	    "http://127.0.0.1:11434", "qwen2.5-math", NULL, &cause), 0);
	p.full = 1;
	assert_string_took(live_gen_body(&e, &p, 1, 0.5),
	    "{\"model\":\"qwen2.5-math\",\"prompt\":"
	    "\"Solve.\\n\\nStep 1: x = 2.\\n\\nStep 2: y.\\n\\n\",\"raw\":true,"
	    "\"stream\":true,\"options\":{\"temperature\":0.5}}");
	live_endpoint_clear(&e);

	/* Chat: the steps so far are an assistant message to continue. */
	assert_int_equal(live_endpoint_adhoc(&e, "openai-chat",
	    "http://h/v1", "m", NULL, &cause), 0);
	p.full = 0;
	assert_string_took(live_gen_path(&e), "/chat/completions");
	assert_string_took(live_gen_body(&e, &p, 3, NAN),
	    "{\"model\":\"m\",\"messages\":[{\"role\":"
	    "\"user\",\"content\":\"Solve.\"},{\"role\":\"assistant\","
	    "\"content\":\"Step 1: x = 2.\\n\\nStep 2: y.\\n\\n\"}],"
	    "\"add_generation_prompt\":false,\"continue_final_message\":true,"
	    "\"n\":3,\"stop\":[\"\\n\\n\"],\"stream\":true,"
	    "\"stream_options\":{\"include_usage\":true}}");
	live_endpoint_clear(&e);
}

static void
test_live_scorers(void **state)
{
	static const char *const steps[] = { "x = 2.", "So 4." };
	struct live_config	*cfg = NULL;
	struct live_prompt	 p = { "2 + 2?", steps, 2, 0 };
	double			*v = NULL;
	size_t			 n;
	char			*cause = NULL, *s;
	const char		*ok = "{\"id\":\"pool-1\",\"data\":"
				    "[{\"index\":0,\"data\":[[0.1,0.9],"
				    "[0.75,0.25]]}]}";

	assert_int_equal(live_config_parse("[scorer prm]\nbase_url = http://h\n"
	    "model = Qwen/Qwen2.5-Math-PRM-7B\n[scorer rm]\n"
	    "kind = http-reward\nbase_url = http://h/get_reward\n", "c", 0,
	    &cfg, &cause), 0);
	assert_string_equal(live_score_path(cfg->v[0]), "/pooling");
	assert_string_took(live_score_body(cfg->v[0], &p),
	    "{\"model\":\"Qwen/Qwen2.5-Math-PRM-7B\","
	    "\"input\":\"<|im_start|>system\\nPlease reason step by step, and"
	    " put your final answer within \\\\boxed{}.<|im_end|>\\n"
	    "<|im_start|>user\\n2 + 2?<|im_end|>\\n<|im_start|>assistant\\n"
	    "x = 2.<extra_0>So 4.<extra_0><|im_end|><|endoftext|>\"}");
	assert_int_equal(live_score_parse(cfg->v[0], ok, strlen(ok), 2, &v,
	    &n, &cause), 0);
	assert_int_equal(n, 2);
	assert_true(v[0] == 0.9 && v[1] == 0.25);
	free(v);
	/* Fewer rows than steps: the step tag is missing from the input. */
	assert_int_equal(live_score_parse(cfg->v[0], ok, strlen(ok), 3, &v,
	    &n, &cause), -1);
	assert_string_equal(cause, "2 rows for 3 steps (does the input hold"
	    " the step tag '<extra_0>'?)");
	free(cause);
	assert_int_equal(live_score_parse(cfg->v[0], "{\"data\":NaN}", 12, 2,
	    &v, &n, &cause), -1);
	assert_string_equal(cause, "the answer is not a JSON object (NaN or"
	    " Infinity are not JSON)");
	free(cause);

	assert_string_equal(live_score_path(cfg->v[1]), "");
	assert_string_took(live_score_body(cfg->v[1], &p),
	    "{\"query\":[\"2 + 2?\\n\\nx = 2.\\n\\nSo 4."
	    "\\n\\n\"]}");
	s = xstrdup("{\"rewards\":[-1.5]}");
	assert_int_equal(live_score_parse(cfg->v[1], s, strlen(s), 2, &v, &n,
	    &cause), 0);
	free(s);
	assert_int_equal(n, 1);
	assert_true(v[0] == -1.5);
	free(v);
	assert_int_equal(live_score_parse(cfg->v[1], "{\"detail\":[]}", 13,
	    2, &v, &n, &cause), -1);
	assert_string_equal(cause, "no number in \"rewards\" (or \"scores\")");
	free(cause);
	live_config_free(cfg);
}

CN_TEST_MAIN(
	cmocka_unit_test(test_live_config_parses),
	cmocka_unit_test(test_live_config_errors_name_line_and_column),
	cmocka_unit_test(test_live_config_key_from_private_file),
	cmocka_unit_test(test_live_key_from_environment),
	cmocka_unit_test(test_live_request_bodies),
	cmocka_unit_test(test_live_scorers))
