/* test_sentence.c: the shared sentence splitter (src/load/sentence.c) on blocks built by hand. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "sentence.h"

enum { MAX_PIECES = 16 };

/* A block from text in which "\x01...\x02" marks code and "\x03" a hard line break and "\x04" a
 * soft one; the markers are dropped and the pieces made. The caller frees b->text. */
static void make_block(kb_block *b, kb_piece *pieces, const char *src)
{
	size_t n = strlen(src), len = 0, np = 0, start = 0;
	char *t = malloc(n + 1);
	unsigned scope = KB_SCOPE_PROSE;
	for (size_t i = 0; i <= n; i++) {
		char c = src[i];
		if (c == '\0' || c == '\x01' || c == '\x02' || c == '\x03' || c == '\x04') {
			if (len > start)
				pieces[np++] = (kb_piece){start, len - start, scope, 1, 1};
			if (c == '\x01')
				scope = KB_SCOPE_CODE;
			else if (c == '\x02')
				scope = KB_SCOPE_PROSE;
			else if (c == '\x03' || c == '\x04') {
				t[len] = c == '\x03' ? '\n' : ' ';
				pieces[np++] = (kb_piece){len, 1, 0, 1, 1};
				len++;
			}
			start = len;
			continue;
		}
		t[len++] = c;
	}
	t[len] = '\0';
	*b = (kb_block){t, len, pieces, np, 0};
}

/* Splits src and joins the sentences with " | ", each trimmed; rows are marked "row:". */
static char *split(const char *src)
{
	kb_piece pieces[MAX_PIECES];
	kb_block b;
	make_block(&b, pieces, src);
	size_t n;
	kb_sentence *v = kb_sentences(&b, &n);
	static char out[1024];
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		size_t s = v[i].s, e = v[i].e;
		while (s < e && (b.text[s] == ' ' || b.text[s] == '\n'))
			s++;
		while (e > s && (b.text[e - 1] == ' ' || b.text[e - 1] == '\n'))
			e--;
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s%.*s", i ? " | " : "",
			 v[i].row ? "row:" : "", (int)(e - s), b.text + s);
	}
	free(v);
	free(b.text);
	return out;
}

static void test_plain(void)
{
	CHECK_EQ_STR(split("One. Two! Three? Four"), "One. | Two! | Three? | Four");
	CHECK_EQ_STR(split(""), "");
	CHECK_EQ_STR(split("No mark at all"), "No mark at all");
	/* a lower-case word after the mark: the sentence goes on */
	CHECK_EQ_STR(split("Open it at 3 p.m. today. Done."), "Open it at 3 p.m. today. | Done.");
}

static void test_abbreviations(void)
{
	CHECK_EQ_STR(split("Use a shell, e.g. Bash. Then go."), "Use a shell, e.g. Bash. | Then go.");
	CHECK_EQ_STR(split("Pick one, i.e. Windows or Linux."), "Pick one, i.e. Windows or Linux.");
	CHECK_EQ_STR(split("Compare Edge vs. Chrome here."), "Compare Edge vs. Chrome here.");
	CHECK_EQ_STR(split("Ask Mr. Smith or Dr. Jones."), "Ask Mr. Smith or Dr. Jones.");
	CHECK_EQ_STR(split("Written by J. Smith today."), "Written by J. Smith today.");
	CHECK_EQ_STR(split("See No. 5 in the list."), "See No. 5 in the list.");
	CHECK_EQ_STR(split("The answer is no. The next step."), "The answer is no. | The next step.");
	/* "etc." mostly ends its sentence */
	CHECK_EQ_STR(split("Apples, pears, etc. The rest is free."),
		     "Apples, pears, etc. | The rest is free.");
	/* a lower-case initial is a word: "plan a." ends */
	CHECK_EQ_STR(split("Use Plan B. Then stop."), "Use Plan B. Then stop.");
}

static void test_numbers_and_addresses(void)
{
	CHECK_EQ_STR(split("Install version 1.2.3 first. It takes 0.5 seconds."),
		     "Install version 1.2.3 first. | It takes 0.5 seconds.");
	CHECK_EQ_STR(split("Go to example.com/a.b now. Next."), "Go to example.com/a.b now. | Next.");
	CHECK_EQ_STR(split("Update to version 7.2. The fix is in it."),
		     "Update to version 7.2. | The fix is in it.");
	CHECK_EQ_STR(split("It costs $5. 10 days later it is gone."),
		     "It costs $5. | 10 days later it is gone.");
}

static void test_ellipses_and_closers(void)
{
	CHECK_EQ_STR(split("Wait... then go. Loading... Please wait."),
		     "Wait... then go. | Loading... | Please wait.");
	CHECK_EQ_STR(split("Wait\xE2\x80\xA6 Then go."), "Wait\xE2\x80\xA6 | Then go.");
	CHECK_EQ_STR(split("He said \"stop.\" Then left."), "He said \"stop.\" | Then left.");
	CHECK_EQ_STR(split("(It is free.) Next one."), "(It is free.) | Next one.");
	CHECK_EQ_STR(split("It is 99% up.[^1] Next."), "It is 99% up.[^1] | Next.");
}

static void test_code_and_breaks(void)
{
	/* a mark inside code never ends a sentence */
	CHECK_EQ_STR(split("Run \x01" "a. B\x02 now. Then stop."), "Run a. B now. | Then stop.");
	/* a hard line break ends one, a soft one does not */
	CHECK_EQ_STR(split("First line\x03Second line"), "First line | Second line");
	CHECK_EQ_STR(split("First line\x04second line"), "First line second line");
	/* a soft break before a list item does */
	CHECK_EQ_STR(split("Steps:\x04" "2. Open it\x04" "3. Close it"),
		     "Steps: | 2. Open it | 3. Close it");
	CHECK_EQ_STR(split("Steps:\x04\xE2\x80\xA2 Open it"), "Steps: | \xE2\x80\xA2 Open it");
	CHECK_EQ_STR(split("It was in\x04" "2026. Then"), "It was in 2026. | Then");
}

static void test_tables(void)
{
	CHECK_EQ_STR(split("| a | b |\x04| 1. C | 2 |"), "row:| a | b | | row:| 1. C | 2 |");
	CHECK_EQ_STR(split("a | b | c\x04" "d | e | f"), "row:a | b | c | row:d | e | f");
	/* bars in code are not cells */
	CHECK_EQ_STR(split("Run \x01" "a | b | c\x02 to pipe."), "Run a | b | c to pipe.");
}

static void test_sentence_of(void)
{
	kb_sentence v[] = {{0, 5, false}, {5, 9, false}, {9, 20, false}};
	CHECK_EQ_INT(kb_sentence_of(v, 3, 0), 0);
	CHECK_EQ_INT(kb_sentence_of(v, 3, 4), 0);
	CHECK_EQ_INT(kb_sentence_of(v, 3, 5), 1);
	CHECK_EQ_INT(kb_sentence_of(v, 3, 19), 2);
	CHECK_EQ_INT(kb_sentence_of(v, 0, 3), 0);
}

int main(int argc, char **argv)
{
	(void)argc;
	test_plain();
	test_abbreviations();
	test_numbers_and_addresses();
	test_ellipses_and_closers();
	test_code_and_breaks();
	test_tables();
	test_sentence_of();
	return kb_test_report(argv[0]);
}
