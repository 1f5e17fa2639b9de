/*
 * test-hmap.c - the string-keyed hash map: add and find, growth past many
 * resizes, values kept across growth, iteration that sees each key once.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cn-test.h"

#include "canopy.h"
#include "hmap.h"

static void
test_hmap_empty(void **state)
{
	struct hmap	m;
	size_t		i = 0;

	(void)state;
	hmap_init(&m);
	assert_null(hmap_get(&m, "a"));
	assert_int_equal(hmap_count(&m), 0);
	assert_null(hmap_next(&m, &i));
	hmap_free(&m);
	hmap_free(NULL);
}

static void
test_hmap_add_get(void **state)
{
	struct hmap	 m;
	struct hmap_ent	*e;
	char		 key[8];
	int		 added, x = 7;

	(void)state;
	hmap_init(&m);
	e = hmap_add(&m, "alpha", &added);
	assert_int_equal(added, 1);
	assert_string_equal(e->key, "alpha");
	assert_int_equal(e->val, 0);
	assert_null(e->ptr);
	e->val = 42;
	e->ptr = &x;
	/* The key is copied: the caller's buffer may change. */
	strcpy(key, "beta");
	hmap_add(&m, key, &added)->val = -1;
	strcpy(key, "gamma");
	assert_null(hmap_get(&m, key));
	e = hmap_add(&m, "alpha", &added);
	assert_int_equal(added, 0);
	assert_int_equal(e->val, 42);
	assert_ptr_equal(e->ptr, &x);
	assert_int_equal(hmap_get(&m, "beta")->val, -1);
	assert_null(hmap_get(&m, ""));
	hmap_add(&m, "", NULL)->val = 5;
	assert_int_equal(hmap_get(&m, "")->val, 5);
	assert_int_equal(hmap_count(&m), 3);
	hmap_free(&m);
	assert_int_equal(hmap_count(&m), 0);
	assert_null(hmap_get(&m, "alpha"));
}

static void
test_hmap_many_keys(void **state)
{
	struct hmap	 m;
	struct hmap_ent	*e;
	char		 key[32];
	unsigned char	*seen;
	size_t		 i, it;
	int		 added, n = 100000;

	(void)state;
	hmap_init(&m);
	for (i = 0; i < (size_t)n; i++) {
		snprintf(key, sizeof key, "k%zu", i);
		e = hmap_add(&m, key, &added);
		assert_int_equal(added, 1);
		e->val = (int64_t)i * 3;
	}
	assert_int_equal(hmap_count(&m), n);
	/* The load factor stays at or under 1/2 after every growth. */
	assert_true(m.cap >= 2 * m.n);
	for (i = 0; i < (size_t)n; i++) {
		snprintf(key, sizeof key, "k%zu", i);
		e = hmap_get(&m, key);
		assert_non_null(e);
		assert_int_equal(e->val, (int64_t)i * 3);
	}
	assert_null(hmap_get(&m, "k100000"));
	seen = calloc((size_t)n, 1);
	it = 0;
	i = 0;
	while ((e = hmap_next(&m, &it)) != NULL) {
		assert_int_equal(seen[e->val / 3], 0);
		seen[e->val / 3] = 1;
		i++;
	}
	assert_int_equal(i, n);
	free(seen);
	hmap_free(&m);
}

CN_TEST_MAIN(
	cmocka_unit_test(test_hmap_empty),
	cmocka_unit_test(test_hmap_add_get),
	cmocka_unit_test(test_hmap_many_keys))
