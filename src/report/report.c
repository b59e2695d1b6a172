/* report.c: the table of output formats. */
#include <string.h>

#include "report.h"

static const kb_reporter reporters[] = {
	{"text", kb_report_text},
	{"json", kb_report_json},
};

const kb_reporter *kb_reporter_find(const char *name)
{
	for (size_t i = 0; i < sizeof reporters / sizeof reporters[0]; i++)
		if (strcmp(reporters[i].name, name) == 0)
			return &reporters[i];
	return NULL;
}

const char *kb_reporter_names(void)
{
	return "text, json";
}
