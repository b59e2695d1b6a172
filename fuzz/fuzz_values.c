/* fuzz_values.c: date, interval, prose-date and value parsing, and quantity finding. */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "fuzz.h"
#include "prosedate.h"
#include "value.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	kb_date d;
	kb_interval iv;
	kb_date_parse_iso(s, size, &d);
	kb_date_parse_format(s, size, "%m/%d/%Y", &d);
	kb_date_parse_format(s, size, "%d %B %Y", &d);
	if (kb_interval_parse(s, size, &iv) == 0)
		kb_date_add(kb_date_from_ymd(2026, 1, 31), iv);
	kb_config cfg;
	kb_config_defaults(&cfg, "/tmp");
	kb_span span;
	kb_prose_date_parse(s, size, &cfg, &span);
	kb_config_free(&cfg);
	kb_value v;
	kb_value_parse(s, size, &v);
	kb_buf b = {0};
	kb_value_format(&v, &b);
	kb_buf_free(&b);
	kb_value_free(&v);
	kb_qspan q[16];
	size_t n = kb_find_quantities(s, size, q, 16);
	for (size_t i = 0; i < n; i++)
		if (q[i].start >= q[i].end || q[i].end > size || (i && q[i].start < q[i - 1].end))
			abort();
	return 0;
}
