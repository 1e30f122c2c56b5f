/* Portable SQL into PostgreSQL's, at prepare time: the mechanical dialect
 * differences that are the backend's job, so that the services keep one
 * text for both backends.
 *
 *   ?NNN, ?                     → $NNN, $<one more than the largest so far>
 *   json_each(X)                → json_array_elements_text(X::json)
 *                                 (used only as SELECT value FROM json_each(X):
 *                                 the column is named `value` in both)
 *   group_concat(a [, sep])     → string_agg((a)::text, sep | ',')
 *   total(x)                    → COALESCE(SUM(x),0)
 *   ifnull(a, b)                → COALESCE(a, b)
 *   max(a, b, …) / min(a, b, …) → GREATEST(…) / LEAST(…) (two or more
 *                                 arguments: SQLite's scalar forms)
 *   date(a, '±N day[s]')        → to_char(CAST((a) AS date) ± N, 'YYYY-MM-DD')
 *                                 (dates are ISO text in both; only the day
 *                                 modifier: other date() forms stay and fail)
 *   CROSS JOIN t [AS] [x] ON …  → JOIN t [AS] [x] ON … (SQLite's CROSS JOIN
 *                                 keeps its join order; PostgreSQL allows no
 *                                 ON after it)
 *   INSERT OR IGNORE INTO …     → INSERT INTO … ON CONFLICT DO NOTHING
 *   INSERT OR FAIL INTO …       → INSERT INTO … (a refused row ends the
 *                                 statement on both; SQLite keeps the rows
 *                                 before it, PostgreSQL none: kp_store_changes)
 *   main.                       → public. (the records' schema)
 *
 * Text inside '…' literals, "…" names and comments is never changed. */
#include "store/pg_sql.h"
#include "core/buf.h"
#include "core/mem.h"
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The text is built in an unbounded kp_buf: only allocation can fail, and
 * that aborts, so the appends' results need no checking. */
static void put(kp_buf *b, const char *s, size_t n) { (void)kp_buf_append(b, s, n); }
static void puts_(kp_buf *b, const char *s) { (void)kp_buf_puts(b, s); }

bool kp_pg_ident_char(char c) { return isalnum((unsigned char)c) || c == '_' || c == '$'; }

bool kp_pg_word_at(const char *start, const char *p, const char *word)
{
    size_t n = strlen(word);
    if (p > start && (kp_pg_ident_char(p[-1]) || p[-1] == '.'))
        return false;
    if (strncasecmp(p, word, n) != 0)
        return false;
    /* A word ending in '(' or '.' needs no boundary after it. */
    char last = word[n - 1];
    return last == '(' || last == '.' || !kp_pg_ident_char(p[n]);
}

const char *kp_pg_skip_quoted(const char *p)
{
    if (*p == '\'' || *p == '"') {
        char q = *p++;
        while (*p) {
            if (*p == q && p[1] == q)
                p += 2;
            else if (*p == q)
                return p + 1;
            else
                p++;
        }
        return p;
    }
    if (p[0] == '-' && p[1] == '-') {
        while (*p && *p != '\n')
            p++;
        return p;
    }
    if (p[0] == '/' && p[1] == '*') {
        const char *e = strstr(p + 2, "*/");
        return e ? e + 2 : p + strlen(p);
    }
    return p;
}

/* Number of top-level arguments of the call whose '(' is at p. */
static int count_args(const char *p)
{
    int depth = 0, args = 1;
    bool empty = true;
    for (p++; *p; p++) {
        const char *q = kp_pg_skip_quoted(p);
        if (q != p) {
            p = q - 1;
            empty = false;
            continue;
        }
        if (*p == '(')
            depth++;
        else if (*p == ')') {
            if (depth == 0)
                return empty ? 0 : args;
            depth--;
        } else if (*p == ',' && depth == 0)
            args++;
        if (!isspace((unsigned char)*p))
            empty = false;
    }
    return args;
}

enum close_action { CLOSE_PLAIN, CLOSE_JSON, CLOSE_GCONCAT, CLOSE_TOTAL, CLOSE_DATE };

/* date(a, '±N day'): when the call whose '(' is at open has exactly that
 * form, *comma points at its top-level comma, *end just after its ')' and
 * *days holds ±N. */
static bool date_shift(const char *open, const char **comma, const char **end, long *days)
{
    int depth = 0;
    *comma = NULL;
    const char *p = open + 1;
    for (; *p; p++) {
        const char *q = kp_pg_skip_quoted(p);
        if (q != p) {
            p = q - 1;
            continue;
        }
        if (*p == '(')
            depth++;
        else if (*p == ')' && depth-- == 0)
            break;
        else if (*p == ',' && depth == 0) {
            if (*comma)
                return false; /* a third argument */
            *comma = p;
        }
    }
    if (!*p || !*comma)
        return false;
    *end = p + 1;
    const char *m = *comma + 1;
    while (isspace((unsigned char)*m))
        m++;
    if (*m++ != '\'')
        return false;
    char *after = NULL;
    long n = strtol(m, &after, 10);
    if (after == m || n < -100000 || n > 100000 || *after != ' ')
        return false;
    while (*after == ' ')
        after++;
    if (strncmp(after, "days'", 5) == 0)
        after += 5;
    else if (strncmp(after, "day'", 4) == 0)
        after += 4;
    else
        return false;
    while (isspace((unsigned char)*after))
        after++;
    if (after != p)
        return false;
    *days = n;
    return true;
}

/* Whether the CROSS at p starts "CROSS JOIN name [AS] [alias] ON": then
 * *join points at its JOIN. */
static bool cross_join_on(const char *sql, const char *p, const char **join)
{
    const char *a = p + 5;
    while (isspace((unsigned char)*a))
        a++;
    if (!kp_pg_word_at(sql, a, "JOIN"))
        return false;
    *join = a;
    a += 4;
    for (int words = 0; words < 3; words++) {
        while (isspace((unsigned char)*a))
            a++;
        if (kp_pg_word_at(sql, a, "ON"))
            return words > 0;
        if (!kp_pg_ident_char(*a))
            return false;
        while (kp_pg_ident_char(*a) || *a == '.')
            a++;
    }
    while (isspace((unsigned char)*a))
        a++;
    return kp_pg_word_at(sql, a, "ON");
}

enum { MAX_DEPTH = 64 };

/* The table named at p (possibly schema-qualified), into out. */
static void read_name(const char *p, char *out, size_t len)
{
    while (isspace((unsigned char)*p))
        p++;
    size_t i = 0;
    while ((kp_pg_ident_char(*p) || *p == '.') && i + 1 < len)
        out[i++] = (char)tolower((unsigned char)*p++);
    out[i] = '\0';
    if (strncmp(out, "main.", 5) == 0)
        memmove(out, out + 5, strlen(out + 5) + 1);
}

static const char *find_word(const char *start, const char *p, const char *w)
{
    for (; *p; p++)
        if (kp_pg_word_at(start, p, w))
            return p;
    return NULL;
}

static void classify(const char *sql, kp_pg_sql_info *info)
{
    const char *p = sql;
    while (isspace((unsigned char)*p) || *p == '(')
        p++;
    info->is_write = false;
    info->is_insert = false;
    info->target[0] = '\0';
    if (kp_pg_word_at(sql, p, "INSERT") || kp_pg_word_at(sql, p, "REPLACE")) {
        info->is_write = true;
        info->is_insert = kp_pg_word_at(sql, p, "INSERT");
        const char *into = find_word(sql, p, "INTO");
        if (into)
            read_name(into + 4, info->target, sizeof info->target);
    } else if (kp_pg_word_at(sql, p, "UPDATE")) {
        info->is_write = true;
        p += 6;
        while (isspace((unsigned char)*p))
            p++;
        if (kp_pg_word_at(sql, p, "OR")) { /* UPDATE OR IGNORE t */
            p += 2;
            while (isspace((unsigned char)*p))
                p++;
            while (isalpha((unsigned char)*p))
                p++;
        }
        read_name(p, info->target, sizeof info->target);
    } else if (kp_pg_word_at(sql, p, "DELETE")) {
        info->is_write = true;
        const char *from = find_word(sql, p, "FROM");
        if (from)
            read_name(from + 4, info->target, sizeof info->target);
    }
}

char *kp_pg_translate(const char *sql, kp_pg_sql_info *info)
{
    kp_buf b;
    kp_buf_init(&b, SIZE_MAX);
    int max = 0;
    uint64_t used[KP_PG_TRACKED_PARAMS / 64] = {0};
    enum close_action stack[MAX_DEPTH];
    bool comma_seen[MAX_DEPTH];
    long shift_days[MAX_DEPTH];       /* CLOSE_DATE: the days added */
    const char *shift_end[MAX_DEPTH]; /* CLOSE_DATE: just after the call's ')' */
    int depth = 0;
    bool on_conflict = false; /* INSERT OR IGNORE: the clause is due at the statement's end */
    bool returning = false, upsert = false;
    const char *p = sql;
    put(&b, "", 0);
    while (*p) {
        const char *q = kp_pg_skip_quoted(p);
        if (q != p) {
            put(&b, p, (size_t)(q - p));
            p = q;
            continue;
        }
        if (*p == '?') {
            p++;
            int n = 0;
            if (isdigit((unsigned char)*p)) {
                while (isdigit((unsigned char)*p) && n < 100000)
                    n = n * 10 + (*p++ - '0');
            } else
                n = max + 1;
            if (n > max)
                max = n;
            if (n >= 1 && n <= KP_PG_TRACKED_PARAMS)
                used[(n - 1) / 64] |= UINT64_C(1) << ((n - 1) % 64);
            char num[16];
            snprintf(num, sizeof num, "$%d", n);
            puts_(&b, num);
            continue;
        }
        if (*p == '(') {
            if (depth < MAX_DEPTH) {
                stack[depth] = CLOSE_PLAIN;
                comma_seen[depth] = false;
            }
            depth++;
            put(&b, p++, 1);
            continue;
        }
        if (*p == ')') {
            depth--;
            enum close_action a = depth >= 0 && depth < MAX_DEPTH ? stack[depth] : CLOSE_PLAIN;
            if (a == CLOSE_JSON)
                puts_(&b, ")::json)");
            else if (a == CLOSE_GCONCAT)
                puts_(&b, comma_seen[depth] ? ")" : ")::text, ',')");
            else if (a == CLOSE_TOTAL)
                puts_(&b, ")),0)");
            else
                put(&b, p, 1);
            if (depth < 0)
                depth = 0;
            p++;
            continue;
        }
        if (*p == ',' && depth > 0 && depth <= MAX_DEPTH && stack[depth - 1] == CLOSE_GCONCAT &&
            !comma_seen[depth - 1]) {
            comma_seen[depth - 1] = true;
            puts_(&b, ")::text,");
            p++;
            continue;
        }
        if (*p == ',' && depth > 0 && depth <= MAX_DEPTH && stack[depth - 1] == CLOSE_DATE) {
            char tail[64];
            long n = shift_days[depth - 1];
            snprintf(tail, sizeof tail, ") AS date) %c %ld, 'YYYY-MM-DD')", n < 0 ? '-' : '+', n < 0 ? -n : n);
            puts_(&b, tail);
            p = shift_end[depth - 1];
            depth--;
            continue;
        }
        if (*p == ';' && depth == 0 && on_conflict) {
            puts_(&b, " ON CONFLICT DO NOTHING");
            on_conflict = false;
        }
        if (depth == 0 && kp_pg_word_at(sql, p, "RETURNING"))
            returning = true;
        if (depth == 0 && kp_pg_word_at(sql, p, "DO")) {
            const char *a = p + 2;
            while (isspace((unsigned char)*a))
                a++;
            if (kp_pg_word_at(sql, a, "UPDATE"))
                upsert = true;
        }
        if (on_conflict && depth == 0 && kp_pg_word_at(sql, p, "RETURNING")) {
            puts_(&b, "ON CONFLICT DO NOTHING ");
            on_conflict = false;
        }
        /* A call rewritten: its own '(' opens a level with a closing action. */
        const char *name = NULL;
        enum close_action act = CLOSE_PLAIN;
        size_t skip = 0;
        if (kp_pg_word_at(sql, p, "json_each(")) {
            name = "json_array_elements_text((";
            act = CLOSE_JSON;
            skip = 10;
        } else if (kp_pg_word_at(sql, p, "group_concat(")) {
            skip = 13;
            act = CLOSE_GCONCAT;
            const char *a = p + skip;
            while (isspace((unsigned char)*a))
                a++;
            if (kp_pg_word_at(sql, a, "DISTINCT")) {
                name = "string_agg(DISTINCT (";
                a += 8;
                while (isspace((unsigned char)*a))
                    a++;
                skip = (size_t)(a - p);
            } else
                name = "string_agg((";
        } else if (kp_pg_word_at(sql, p, "total(")) {
            name = "COALESCE(SUM((";
            act = CLOSE_TOTAL;
            skip = 6;
        }
        if (name) {
            puts_(&b, name);
            if (depth < MAX_DEPTH) {
                stack[depth] = act;
                comma_seen[depth] = false;
            }
            depth++;
            p += skip;
            continue;
        }
        const char *comma = NULL, *end = NULL, *join = NULL;
        long days = 0;
        if (kp_pg_word_at(sql, p, "date(") && depth < MAX_DEPTH && date_shift(p + 4, &comma, &end, &days)) {
            puts_(&b, "to_char(CAST((");
            stack[depth] = CLOSE_DATE;
            comma_seen[depth] = false;
            shift_days[depth] = days;
            shift_end[depth] = end;
            depth++;
            p += 5;
            continue;
        }
        if (kp_pg_word_at(sql, p, "CROSS") && cross_join_on(sql, p, &join)) {
            p = join; /* "JOIN …" is copied as it is */
            continue;
        }
        if (kp_pg_word_at(sql, p, "ifnull(")) {
            puts_(&b, "COALESCE");
            p += 6;
            continue;
        }
        if ((kp_pg_word_at(sql, p, "max(") || kp_pg_word_at(sql, p, "min(")) && count_args(p + 3) >= 2) {
            puts_(&b, tolower((unsigned char)p[1]) == 'a' ? "GREATEST" : "LEAST");
            p += 3;
            continue;
        }
        if (kp_pg_word_at(sql, p, "main.")) {
            puts_(&b, "public.");
            p += 5;
            continue;
        }
        if (kp_pg_word_at(sql, p, "INSERT")) {
            const char *a = p + 6;
            while (isspace((unsigned char)*a))
                a++;
            if (kp_pg_word_at(sql, a, "OR")) {
                const char *c = a + 2;
                while (isspace((unsigned char)*c))
                    c++;
                if (kp_pg_word_at(sql, c, "IGNORE")) {
                    puts_(&b, "INSERT");
                    on_conflict = true;
                    p = c + 6;
                    continue;
                }
                if (kp_pg_word_at(sql, c, "FAIL")) {
                    puts_(&b, "INSERT");
                    p = c + 4;
                    continue;
                }
            }
        }
        put(&b, p++, 1);
    }
    if (on_conflict) {
        char *t = kp_pg_with_tail(b.data, " ON CONFLICT DO NOTHING");
        kp_buf_free(&b);
        b.data = t;
    }
    if (info) {
        info->nparams = max;
        memcpy(info->used, used, sizeof used);
        info->returning = returning;
        info->upsert = upsert;
        classify(sql, info);
    }
    return b.data;
}

char *kp_pg_with_tail(const char *sql, const char *tail)
{
    size_t end = strlen(sql);
    while (end > 0 && (isspace((unsigned char)sql[end - 1]) || sql[end - 1] == ';'))
        end--;
    kp_buf b;
    kp_buf_init(&b, SIZE_MAX);
    put(&b, "", 0);
    put(&b, sql, end);
    puts_(&b, tail);
    puts_(&b, sql + end);
    return b.data;
}

bool kp_pg_param_used(const kp_pg_sql_info *info, int n)
{
    if (!info || n < 1 || n > info->nparams)
        return false;
    if (n > KP_PG_TRACKED_PARAMS)
        return true;
    return (info->used[(n - 1) / 64] >> ((n - 1) % 64)) & 1;
}
