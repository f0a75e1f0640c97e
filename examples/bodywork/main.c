/*
 * main.c: the bodywork command line's entry point.  It reads the common
 * options (--corpus, --layer, --cache, --json, --help, --version), finds the
 * subcommand in a table that also holds each subcommand's options and help,
 * parses the rest against it, and runs it.  Options may come before or
 * after the positional arguments; "--" ends them.  It also opens the corpus
 * the options select and looks names up, for every subcommand alike.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* One option a subcommand accepts. */
typedef struct opt_spec {
	const char *name; /* without "--" */
	const char *arg;  /* the value's placeholder, NULL for a flag */
	const char *help;
} opt_spec;

/* One subcommand. */
typedef struct command {
	const char *name;
	int (*run)(const cli *c);
	const char *args;        /* the positional arguments, for usage */
	size_t min_args, max_args;
	const char *summary;     /* one line for the command list */
	const char *about;       /* a paragraph for its --help */
	const opt_spec *opts;    /* ends with a NULL name */
} command;

static const opt_spec no_opts[] = {{NULL, NULL, NULL}};

static const opt_spec search_opts[] = {
	{"kind", "KIND", "keep only this kind (repeatable)"},
	{"limit", "N", "show at most N hits (1 to 1000, default 10)"},
	{"offset", "N", "skip the first N hits, for paging (0 to 1000000)"},
	{NULL, NULL, NULL}};

static const opt_spec suggest_opts[] = {
	{"kind", "KIND", "keep only this kind (repeatable)"},
	{"limit", "N", "show at most N suggestions (1 to 1000, default 10)"},
	{NULL, NULL, NULL}};

static const opt_spec ask_opts[] = {
	{"limit", "N", "show at most N hits (1 to 1000, default 10)"},
	{NULL, NULL, NULL}};

static const opt_spec plan_opts[] = {
	{"condition", "C", "a condition of the client (repeatable)"},
	{NULL, NULL, NULL}};

static const opt_spec graph_opts[] = {
	{"depth", "N", "follow links N steps out (1 to 4, default 1)"},
	{"kind", "KIND", "keep only entities of this kind (repeatable)"},
	{"max-edges", "N", "draw at most N edges, nearest first (default 100;\n"
	                   "0: every edge)"},
	{NULL, NULL, NULL}};

static const opt_spec screen_opts[] = {
	{"condition", "C", "a condition of the client (repeatable; one at "
	                   "least)"},
	{NULL, NULL, NULL}};

static const opt_spec map_opts[] = {
	{"condition", "C", "map screen: a condition of the client (repeatable;\n"
	                   "one at least)"},
	{"output", "FILE", "write the SVG to FILE, not standard output (-o FILE\n"
	                   "too)"},
	{NULL, NULL, NULL}};

static const opt_spec compile_opts[] = {
	{"output", "FILE", "the compiled file to write (-o FILE too; needed)"},
	{NULL, NULL, NULL}};

/* Every option of list but --ids is a search filter of the same name. */
static const opt_spec list_opts[] = {
	{"ids", NULL, "print only the ids, one a line"},
	{"region", "R", "muscles in region R (hip, lumbar, ...)"},
	{"depth", "D", "muscles at depth D (superficial, deep, ...)"},
	{"modality", "M", "techniques of modality M (pnf, myofascial, ...)"},
	{"lever", "L", "techniques with lever L (short, long)"},
	{"position", "P", "techniques in client position P (supine, ...)"},
	{"contact", "SITE", "techniques with contact at SITE or within it\n"
	                    "(abdomen, lower-abdomen, thigh, ...)"},
	{"pressure", "P", "techniques with pressure P (none ... deep)"},
	{"method", "M", "techniques using method M (contract-relax, ...)"},
	{"movement", "M", "techniques with movement M (hip-extension, ...)"},
	{"target", "MUSCLE", "techniques aimed at the muscle with this id"},
	{"causes", "SYMPTOM", "muscles that cause the symptom with this id"},
	{"source-kind", "K", "sources of kind K (textbook, forum-thread, ...)"},
	{"evidence", "GRADE", "entities with a fact of this evidence grade"},
	{NULL, NULL, NULL}};

static const command commands[] = {
	{"show", cmd_show, "NAME", 1, 1,
	 "every field of one entity, with sources and evidence",
	 "Show one entity, named by id, name or alias: every field with its\n"
	 "source and evidence grade, a condition's rules (severity in words,\n"
	 "site, techniques instead, positions to prefer) and the techniques\n"
	 "they apply to, what refers to it (techniques targeting a muscle or\n"
	 "making contact at a body site, muscles causing a symptom), where a\n"
	 "site lies, a group's members or a muscle's groups, and the\n"
	 "conditions restricting a technique.",
	 no_opts},
	{"search", cmd_search, "QUERY...", 1, (size_t)-1,
	 "ranked full-text search, typo-tolerant",
	 "Search every entity.  The words are joined into one query: words\n"
	 "must all match (the last also as a prefix), \"a phrase\", -word to\n"
	 "exclude, and field:value filters such as kind:technique region:hip.\n"
	 "A misspelled query is corrected and the correction shown.",
	 search_opts},
	{"suggest", cmd_suggest, "PREFIX", 1, 1,
	 "complete a name or alias",
	 "Suggest entities whose name or alias starts with PREFIX, or has a\n"
	 "word that does, best first.",
	 suggest_opts},
	{"ask", cmd_ask, "QUESTION...", 1, (size_t)-1,
	 "a question in plain words",
	 "Answer a question in plain words: which muscles cause a symptom,\n"
	 "techniques for a muscle or group, whether work is safe with a\n"
	 "condition (a plan with a muscle named, else a screen), the muscles\n"
	 "a nerve supplies or that attach at a spinal level, what a group\n"
	 "holds; anything else is searched.  The words are joined into one\n"
	 "question; the first line says how it was read, then the entities\n"
	 "recognised, then the answer as search, plan or screen prints it.",
	 ask_opts},
	{"plan", cmd_plan, "MUSCLE", 1, 1,
	 "techniques for a muscle, allowed or excluded by conditions",
	 "Plan work on a muscle for a client with the given conditions: every\n"
	 "technique aimed at the muscle, allowed (with cautions) or excluded,\n"
	 "with each reason, the adjustment to make, its source, and the\n"
	 "techniques to use instead.  A muscle group (\"hamstrings\") plans\n"
	 "every technique aimed at any of its members.  A banner comes first\n"
	 "when a condition says stop and refer, or needs medical clearance.",
	 plan_opts},
	{"screen", cmd_screen, "", 0, 0,
	 "a whole session screened for conditions",
	 "Screen a session for a client with the given conditions, with no\n"
	 "muscle named: whether to stop and refer or get medical clearance,\n"
	 "the body sites, positions and kinds of work to avoid, pressure\n"
	 "limits, cautions, positions to prefer, and the red flags to ask\n"
	 "about, grouped by action, each with its condition, reason and\n"
	 "source.",
	 screen_opts},
	{"list", cmd_list, "[KIND]", 0, 1,
	 "browse entities of a kind, with filters",
	 "List the entities of KIND (source, muscle, technique, condition,\n"
	 "symptom, site, group; plurals work too), or of every kind, in id\n"
	 "order.  The filters keep only the entities matching them; a filter\n"
	 "given twice keeps either value.",
	 list_opts},
	{"validate", cmd_validate, "[PATH...]", 0, (size_t)-1,
	 "check corpus files, every problem as file:line:column",
	 "Check each PATH (a corpus file or folder) as a layer on top of the\n"
	 "corpus the common options select (the bundled one by default), and\n"
	 "report each failing PATH as file:line:column: message on standard\n"
	 "error.  Without PATH, check the selected corpus itself.",
	 no_opts},
	{"stats", cmd_stats, "", 0, 0,
	 "counts per kind and per evidence grade",
	 "Count the entities of each kind, and the sourced facts and rules of\n"
	 "each evidence grade.",
	 no_opts},
	{"graph", cmd_graph, "NAME", 1, 1,
	 "an entity's neighbourhood as Graphviz DOT",
	 "Draw one entity's neighbourhood: related muscles, symptoms it\n"
	 "causes or muscles causing it, techniques aimed at a muscle or the\n"
	 "muscles a technique targets, the body sites a technique makes\n"
	 "contact at or the techniques working at a site, a group's members or\n"
	 "a muscle's groups, the conditions whose rules apply to a technique\n"
	 "or the techniques a condition's rules apply to.  --depth 2 adds the\n"
	 "neighbourhood of each of those, and so on; --kind keeps only some\n"
	 "kinds; --max-edges caps the drawing, saying how many it left out.\n"
	 "Pipe it to dot:  bodywork graph NAME | dot -Tpng",
	 graph_opts},
	{"map", cmd_map, "muscle NAME | symptom NAME | screen", 1, 2,
	 "a body map as SVG: referral zones, a symptom, a screen",
	 "Draw a body map as SVG, front and back views of a schematic body:\n"
	 "map muscle NAME outlines where the muscle lies and fills where its\n"
	 "trigger points refer pain (primary solid, spillover dotted); map\n"
	 "symptom NAME fills where it is felt and lists the muscles that refer\n"
	 "pain there; map screen --condition C... marks the sites the\n"
	 "conditions put off limits, allow light or moderate pressure only, or\n"
	 "need caution at.  Each figure has a legend, a title, text\n"
	 "alternatives and its sources.  Render it with any SVG viewer:\n"
	 "  bodywork map muscle psoas | rsvg-convert -o psoas.png",
	 map_opts},
	{"compile", cmd_compile, "-o FILE [PATH...]", 0, (size_t)-1,
	 "compile a corpus into one file that opens at once",
	 "Compile a corpus into FILE: its entities, rule index and search\n"
	 "index laid out to be used in place, so that --corpus FILE maps it\n"
	 "instead of parsing XML, and answers alike.  The PATHs (corpus files\n"
	 "or folders) are layers, in order, as --corpus takes them; without\n"
	 "PATH, the corpus the common options select (BODYWORK_CORPUS, else\n"
	 "the bundled one).  FILE is written whole or not at all.  Prints\n"
	 "FILE, its size, the number of entities and the SHA-256 digest of\n"
	 "the XML it came from.  A compiled file is read only by the library\n"
	 "version that wrote it: compile again after an upgrade.",
	 compile_opts},
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static const opt_spec common_opts[] = {
	{"corpus", "PATH", "read this corpus file or folder, not the bundled "
	                   "corpus\n(repeatable: layers, in order)"},
	{"layer", "PATH", "add a layer on top of the corpus (repeatable)"},
	{"cache", "DIR", "keep compiled forms of --corpus XML in DIR, used\n"
	                 "while the XML is unchanged"},
	{"json", NULL, "print one JSON document (shapes in bodywork(1))"},
	{"help", NULL, "show this help"},
	{NULL, NULL, NULL}};

static void print_opts(FILE *to, const char *title, const opt_spec *o)
{
	if (!o->name)
		return;
	fprintf(to, "\n%s:\n", title);
	for (; o->name; o++) {
		char head[64];
		snprintf(head, sizeof(head), "--%s%s%s", o->name, o->arg ? " " : "",
		         o->arg ? o->arg : "");
		fprintf(to, "  %-19s", head);
		for (const char *h = o->help; *h; h++)
			if (*h == '\n')
				fprintf(to, "\n%21s", "");
			else
				fputc(*h, to);
		fputc('\n', to);
	}
}

static void usage(FILE *to)
{
	fprintf(to, "usage: bodywork [--corpus PATH]... [--layer PATH]... "
	            "[--cache DIR] [--json]\n"
	            "                COMMAND [ARGS]\n"
	            "       bodywork --version | --help | COMMAND --help\n");
}

static int help_main(void)
{
	usage(stdout);
	printf("\nAnswers questions about muscles, bodywork techniques, client "
	       "conditions,\nsymptoms and their sources, from the libbodywork "
	       "corpus.\n\nCommands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++) {
		char head[64];
		snprintf(head, sizeof(head), "%s %s", commands[i].name,
		         commands[i].args);
		/* a long synopsis gets a line of its own, so that every
		 * summary starts in the same column */
		if (strlen(head) > 18)
			printf("  %s\n%21s%s\n", head, "", commands[i].summary);
		else
			printf("  %-19s%s\n", head, commands[i].summary);
	}
	print_opts(stdout, "Common options", common_opts);
	printf("  --version          print the library's version\n"
	       "\nExamples:\n"
	       "  bodywork show \"psoas major\"\n"
	       "  bodywork search --kind technique hip flexor\n"
	       "  bodywork ask \"which muscles cause groin pain\"\n"
	       "  bodywork plan psoas-major --condition endometriosis --json | "
	       "jq .excluded\n"
	       "  bodywork screen --condition pregnancy --condition "
	       "anticoagulant-therapy\n"
	       "  bodywork graph psoas-major | dot -Tpng > psoas.png\n"
	       "  bodywork --layer clinic/ validate\n"
	       "  bodywork compile -o clinic.bwdb corpus/ clinic/\n"
	       "\nExit status: 0 an answer, 1 nothing found, 2 a usage error, an "
	       "unknown name\nor a corpus error.  See bodywork(1) for the JSON "
	       "shapes.\n");
	return EXIT_ANSWER;
}

static int help_command(const command *cmd)
{
	printf("usage: bodywork %s [OPTIONS] %s\n\n%s\n", cmd->name, cmd->args,
	       cmd->about);
	print_opts(stdout, "Options", cmd->opts);
	print_opts(stdout, "Common options", common_opts);
	return EXIT_ANSWER;
}

static const command *find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static const opt_spec *find_opt(const opt_spec *o, const char *name,
                                size_t n)
{
	for (; o->name; o++)
		if (strlen(o->name) == n && strncmp(o->name, name, n) == 0)
			return o;
	return NULL;
}

/*
 * Read the option at argv[*i] ("--name", "--name=value" or "--name value")
 * against the common options and, when cmd is given, its own; store it and
 * advance *i.  Returns -1 when it is stored, else an exit status: 0 after
 * printing help, 2 on a usage error.
 */
static int take_option(cli *c, const command *cmd, int argc, char **argv,
                       int *i)
{
	const char *arg = argv[*i] + 2, *eq = strchr(arg, '=');
	size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
	const opt_spec *o = find_opt(common_opts, arg, n);
	const opt_spec *own = cmd && !o ? find_opt(cmd->opts, arg, n) : NULL;
	const char *value = eq ? eq + 1 : NULL;

	if (!o && !own)
		return out_fail(EXIT_USAGE, "unknown option '--%.*s'%s%s; try "
		                "'bodywork %s%s--help'", (int)n, arg,
		                cmd ? " for " : "", cmd ? cmd->name : "",
		                cmd ? cmd->name : "", cmd ? " " : "");
	if (!o)
		o = own;
	if (o->arg && !value) {
		if (*i + 1 >= argc)
			return out_fail(EXIT_USAGE, "--%s needs a value (%s)", o->name,
			                o->arg);
		value = argv[++*i];
	} else if (!o->arg && value) {
		return out_fail(EXIT_USAGE, "--%s takes no value", o->name);
	}
	(*i)++;
	if (strcmp(o->name, "help") == 0)
		return cmd ? help_command(cmd) : help_main();
	if (strcmp(o->name, "json") == 0)
		c->json = 1;
	else if (strcmp(o->name, "corpus") == 0)
		c->corpus[c->ncorpus++] = value;
	else if (strcmp(o->name, "layer") == 0)
		c->layers[c->nlayers++] = value;
	else if (strcmp(o->name, "cache") == 0)
		c->cache = value;
	else
		c->opts[c->nopts++] = (cli_opt){o->name, value};
	return -1;
}

static int is_option(const char *arg)
{
	return strncmp(arg, "--", 2) == 0 && arg[2];
}

static int run(cli *c, int argc, char **argv)
{
	const command *cmd;
	int i = 1, st, rest = 0;

	while (i < argc && (is_option(argv[i]) || !strcmp(argv[i], "-h"))) {
		if (strcmp(argv[i], "--version") == 0) {
			printf("bodywork %s\n", bw_version());
			return EXIT_ANSWER;
		}
		if (strcmp(argv[i], "-h") == 0)
			return help_main();
		if ((st = take_option(c, NULL, argc, argv, &i)) >= 0)
			return st;
	}
	if (i >= argc) {
		usage(stderr);
		return out_fail(EXIT_USAGE, "no command given; try 'bodywork --help'");
	}
	if (strcmp(argv[i], "help") == 0) {
		if (i + 1 >= argc)
			return help_main();
		cmd = find_command(argv[i + 1]);
		return cmd ? help_command(cmd)
		           : out_fail(EXIT_USAGE, "unknown command '%s'", argv[i + 1]);
	}
	if (!(cmd = find_command(argv[i])))
		return out_fail(EXIT_USAGE, "unknown command '%s'; try 'bodywork "
		                "--help'", argv[i]);
	c->command = cmd->name;
	for (i++; i < argc;) {
		if (!rest && strcmp(argv[i], "--") == 0) {
			rest = 1;
			i++;
		} else if (!rest && strcmp(argv[i], "-h") == 0) {
			return help_command(cmd);
		} else if (!rest && strcmp(argv[i], "-o") == 0 &&
		           find_opt(cmd->opts, "output", 6)) {
			/* the one short option, as compilers and converters spell
			 * it, for the commands that write a file */
			if (i + 1 >= argc)
				return out_fail(EXIT_USAGE, "-o needs a value (FILE)");
			c->opts[c->nopts++] = (cli_opt){"output", argv[i + 1]};
			i += 2;
		} else if (!rest && is_option(argv[i])) {
			if ((st = take_option(c, cmd, argc, argv, &i)) >= 0)
				return st;
		} else {
			c->args[c->nargs++] = argv[i++];
		}
	}
	if (c->nargs < cmd->min_args || c->nargs > cmd->max_args)
		return out_fail(EXIT_USAGE, "usage: bodywork %s [OPTIONS] %s",
		                cmd->name, cmd->args);
	return cmd->run(c);
}

int main(int argc, char **argv)
{
	size_t n = (size_t)argc;
	cli c = {0};
	int status;

	out_init();
	c.args = calloc(n, sizeof(*c.args));
	c.opts = calloc(n, sizeof(*c.opts));
	c.corpus = calloc(n, sizeof(*c.corpus));
	c.layers = calloc(n, sizeof(*c.layers));
	if (!c.args || !c.opts || !c.corpus || !c.layers)
		status = out_fail(EXIT_USAGE, "out of memory");
	else
		status = run(&c, argc, argv);
	free(c.args);
	free(c.opts);
	free(c.corpus);
	free(c.layers);
	if (fflush(stdout) != 0 || ferror(stdout))
		status = out_fail(EXIT_USAGE, "could not write the output");
	return status;
}

/* ----- what every subcommand shares ----- */

const char *cli_value(const cli *c, const char *name)
{
	const char *v = NULL;
	for (size_t i = 0; i < c->nopts; i++)
		if (strcmp(c->opts[i].name, name) == 0)
			v = c->opts[i].value ? c->opts[i].value : "";
	return v;
}

/* Every value of a repeatable option, in order, into out (which has room
 * for every option given); returns how many. */
size_t cli_values(const cli *c, const char *name, const char **out)
{
	size_t n = 0;
	for (size_t i = 0; i < c->nopts; i++)
		if (strcmp(c->opts[i].name, name) == 0)
			out[n++] = c->opts[i].value;
	return n;
}

/* Every value of a repeatable option, as cli_values gives them, in an
 * array the caller frees (NULL when out of memory). */
const char **cli_values_alloc(const cli *c, const char *name, size_t *n)
{
	const char **v = calloc(c->nopts + 1, sizeof(*v));
	*n = v ? cli_values(c, name, v) : 0;
	return v;
}

/* s as a whole number from min to max: decimal digits only (no sign, no
 * white space, nothing after), without overflow.  Returns 0 and sets *out,
 * else -1 and leaves *out alone.  Every number the command line reads
 * comes through here. */
int cli_parse_number(const char *s, size_t min, size_t max, size_t *out)
{
	size_t n = 0;

	if (!s || !*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || (size_t)(*s - '0') > max ||
		    n > (max - (size_t)(*s - '0')) / 10)
			return -1;
		n = n * 10 + (size_t)(*s - '0');
	}
	if (n < min)
		return -1;
	*out = n;
	return 0;
}

/* The numeric option name, from min to max, into *out (dflt when it is
 * not given); a value that is not such a number is a usage error. */
int cli_number(const cli *c, const char *name, size_t dflt, size_t min,
               size_t max, size_t *out)
{
	const char *v = cli_value(c, name);

	*out = dflt;
	if (!v || cli_parse_number(v, min, max, out) == 0)
		return EXIT_ANSWER;
	return out_fail(EXIT_USAGE, "--%s: '%s' is not a number from %zu to %zu "
	                "(digits only: no sign, spaces or other characters)", name,
	                v, min, max);
}

/* Every kind's name, "source, muscle, ...", in buf. */
static const char *kind_names(char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	for (int k = 0; k < BW_KIND_COUNT && n < size; k++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", k ? ", " : "",
		                      bw_kind_name((bw_kind)k));
	return buf;
}

/* A kind by its name or its plural ("muscles"). */
int cli_kind_parse(bw_kind *out, const char *name)
{
	char one[32], list[256];
	size_t n = strlen(name);

	if (bw_kind_parse(out, name, NULL) == BW_OK)
		return EXIT_ANSWER;
	if (n > 1 && n < sizeof(one) && name[n - 1] == 's') {
		memcpy(one, name, n - 1);
		one[n - 1] = '\0';
		if (bw_kind_parse(out, one, NULL) == BW_OK)
			return EXIT_ANSWER;
	}
	return out_fail(EXIT_USAGE, "unknown kind '%s': kinds are %s", name,
	                kind_names(list, sizeof(list)));
}

/* The --kind options as a mask of (1u << kind); 0 keeps every kind. */
int cli_kinds(const cli *c, unsigned int *mask)
{
	*mask = 0;
	for (size_t i = 0; i < c->nopts; i++) {
		bw_kind k;
		if (strcmp(c->opts[i].name, "kind") != 0)
			continue;
		if (cli_kind_parse(&k, c->opts[i].value) != EXIT_ANSWER)
			return EXIT_USAGE;
		*mask |= 1u << k;
	}
	return EXIT_ANSWER;
}

/* Open XML or compiled paths as bw_db_open does, through the --cache
 * folder when there is one.  The cache refuses a compiled file as an
 * argument (BW_EINVAL, the only way it can fail on paths that are there):
 * such paths are opened as without --cache, which maps a lone compiled
 * file and refuses one among layers with bw_db_open's own message. */
static bw_status open_paths(const cli *c, const char *const *paths, size_t n,
                            bw_db **db, bw_error *err)
{
	bw_status st;

	if (!c->cache)
		return bw_db_open(db, paths, n, err);
	st = bw_db_open_cached(db, paths, n, c->cache, err);
	return st == BW_EINVAL ? bw_db_open(db, paths, n, err) : st;
}

/* bw_db_open_default, with the paths of BODYWORK_CORPUS opened through the
 * --cache folder when both are given.  The colons split the paths and
 * empty ones are skipped, as the library reads the variable; when it names
 * none, the library says so. */
static bw_status open_default(const cli *c, bw_db **db, bw_error *err)
{
	const char *var = getenv("BODYWORK_CORPUS");
	const char **paths;
	char *copy;
	size_t n = 0;
	bw_status st;

	if (!c->cache || !var || !*var)
		return bw_db_open_default(db, err);
	if (!(copy = malloc(strlen(var) + 1)))
		return BW_ENOMEM;
	if (!(paths = calloc(strlen(var) + 1, sizeof(*paths)))) {
		free(copy);
		return BW_ENOMEM;
	}
	strcpy(copy, var);
	for (char *p = strtok(copy, ":"); p; p = strtok(NULL, ":"))
		paths[n++] = p;
	st = n ? open_paths(c, paths, n, db, err) : bw_db_open_default(db, err);
	free(paths);
	free(copy);
	return st;
}

/*
 * Open the corpus the options select, with extra (when not NULL) as one
 * more layer on top: the --corpus paths, else the bundled corpus, then the
 * --layer paths.  With neither, bw_db_open_default, so BODYWORK_CORPUS
 * applies.  --cache serves the --corpus paths and those of
 * BODYWORK_CORPUS; the bundled corpus is compiled already, and layers on
 * it are read as XML with or without it.
 */
bw_status cli_open_layers(const cli *c, const char *extra, bw_db **db,
                          bw_error *err)
{
	size_t n = 0;
	const char **paths = calloc(c->ncorpus + c->nlayers + 1, sizeof(*paths));
	bw_status st;

	if (!paths)
		return BW_ENOMEM;
	for (size_t i = 0; i < c->ncorpus; i++)
		paths[n++] = c->corpus[i];
	for (size_t i = 0; i < c->nlayers; i++)
		paths[n++] = c->layers[i];
	if (extra)
		paths[n++] = extra;
	if (c->ncorpus)
		st = open_paths(c, paths, n, db, err);
	else if (n)
		st = bw_db_open_bundled(db, paths, n, err);
	else
		st = open_default(c, db, err);
	free(paths);
	return st;
}

int cli_close(bw_db *db, int st)
{
	bw_error err;
	/* (a command that failed has said why already) */
	if (db && st != EXIT_USAGE && bw_db_intact(db, &err) != BW_OK) {
		fflush(stdout);
		st = out_status(BW_ECORPUS, &err);
	}
	bw_db_close(db);
	return st;
}

int cli_open(const cli *c, bw_db **db)
{
	bw_error err;
	bw_status st = cli_open_layers(c, NULL, db, &err);
	return st == BW_OK ? EXIT_ANSWER : out_status(st, &err);
}

/* Look an entity up by id, name or alias, as the library does (the id of
 * an entity a layer hid is not found); when there is none, say so and
 * offer the closest names, but none for a hidden id: its message (as
 * bw_db_lookup documents it) says where it was hidden, and the closest
 * names would be the very entities it must not be taken for.  An unknown
 * name is a usage error. */
int cli_lookup(const bw_db *db, const char *name, const bw_entity **out)
{
	bw_search_options opts = BW_SEARCH_OPTIONS_INIT;
	bw_results *r;
	bw_error err;
	bw_status st = bw_db_lookup(out, db, name, &err);

	if (st != BW_ENOTFOUND)
		return st == BW_OK ? EXIT_ANSWER : out_status(st, &err);
	out_status(st, &err);
	if (strstr(err.message, "' was hidden by "))
		return EXIT_USAGE;
	opts.limit = 5;
	if (bw_suggest(&r, db, name, &opts, NULL) == BW_OK) {
		for (size_t i = 0; i < bw_results_count(r); i++) {
			const bw_entity *e = bw_results_entity(r, i);
			const char *id = bw_entity_id(e), *nm = bw_entity_name(e);
			fprintf(stderr, "%s ", i ? "             " : "did you mean:");
			out_text(stderr, id, strlen(id));
			fputs(" (", stderr);
			out_text(stderr, nm, strlen(nm));
			fprintf(stderr, ", %s)\n", bw_kind_name(bw_entity_kind(e)));
		}
		bw_results_free(r);
	}
	return EXIT_USAGE;
}

/* Open the corpus, look the first argument up, and run fn on the entity. */
int cli_on_entity(const cli *c, int (*fn)(const cli *c, const bw_db *db,
                                          const bw_entity *e))
{
	bw_db *db;
	const bw_entity *e;
	int st = cli_open(c, &db);

	if (st != EXIT_ANSWER)
		return st;
	if ((st = cli_lookup(db, c->args[0], &e)) == EXIT_ANSWER)
		st = fn(c, db, e);
	st = cli_close(db, st);
	return st;
}

/* The positional arguments joined by single spaces, in a string the
 * caller frees (NULL when out of memory): one query or question. */
char *cli_join(const cli *c)
{
	size_t len = 1;
	char *q;
	for (size_t i = 0; i < c->nargs; i++)
		len += strlen(c->args[i]) + 1;
	if (!(q = calloc(len, 1)))
		return NULL;
	for (size_t i = 0; i < c->nargs; i++)
		strcat(strcat(q, i ? " " : ""), c->args[i]);
	return q;
}

/* v (holding *cap items of size bytes) with room for need items: v itself,
 * or a larger copy; NULL when out of memory, and then v is unchanged. */
void *cli_grow(void *v, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 16;

	if (need <= *cap)
		return v;
	while (n < need)
		n *= 2;
	if (!(v = realloc(v, n * size)))
		return NULL;
	*cap = n;
	return v;
}

/* Append e to l (when unique, only if it is not there yet; NULL never);
 * returns -1 when out of memory. */
int entities_add(entities *l, const bw_entity *e, int unique)
{
	const bw_entity **v;
	for (size_t i = 0; unique && i < l->n; i++)
		if (l->v[i] == e)
			return 0;
	if (!e)
		return 0;
	if (!(v = cli_grow(l->v, &l->cap, l->n + 1, sizeof(*v))))
		return -1;
	l->v = v;
	l->v[l->n++] = e;
	return 0;
}
