/* The demo's people: adults with mental disorders at home and in a state
 * care centre (some of whom move out), children with functional impairments
 * and their parents, and children in out-of-family care, with their
 * assessments and residence histories. Counts come from the figures file. */
#include "service/casework/cases.h"
#include "service/casework/people.h"
#include "demo/demo_plan.h"
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int64_t demo_int(json_t *j)
{
    if (json_is_integer(j))
        return json_integer_value(j);
    if (json_is_string(j))
        return strtoll(json_string_value(j), NULL, 10);
    return 0;
}

static void pool_add(demo_pool *p, int64_t id)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 256;
        p->ids = kp_xrealloc(p->ids, p->cap * sizeof *p->ids);
    }
    p->ids[p->n++] = id;
}

void demo_free_people(demo *d)
{
    for (int i = 0; i < DEMO_MUNIS; i++)
        for (int g = 0; g < DEMO_GROUPS; g++)
            free(d->pool[i][g].ids);
}

/* Context column of a municipality: the figures file's `context` table. */
static int context(demo *d, int mi, int col)
{
    json_t *row = json_object_get(json_object_get(d->ref, "context"), d->m[mi].refkey);
    return (int)demo_int(json_array_get(row, (size_t)col));
}

static int recipients(demo *d, int mi, int group)
{
    json_t *row = json_object_get(json_object_get(d->ref, "recipients"), d->m[mi].refkey);
    return (int)demo_int(json_array_get(row, (size_t)group));
}

/* Share i of n parts of total, spreading the remainder over the first parts. */
static int split(int total, int parts, int i)
{
    return total / parts + (i < total % parts ? 1 : 0);
}

/* The services one assessed person needs. Need k (with count c_k) goes to
 * c_k different people, starting at a different person for each service so
 * that needs spread rather than pile up on the first few. */
typedef struct need_list {
    char code[16][32];
    int count[16];
    int n;
} need_list;

static void needs_of(json_t *group, need_list *out)
{
    memset(out, 0, sizeof *out);
    const char *key;
    json_t *v;
    json_object_foreach(group, key, v)
    {
        if (strcmp(key, "social_rehab_detail") == 0) {
            const char *k2;
            json_t *v2;
            json_object_foreach(v, k2, v2)
            {
                if (out->n < 16) {
                    snprintf(out->code[out->n], 32, "%s", k2);
                    out->count[out->n++] = (int)demo_int(v2);
                }
            }
        } else if (strcmp(key, "social_rehab") != 0 && out->n < 16) {
            /* social_rehab itself is the sum of its kinds. */
            snprintf(out->code[out->n], 32, "%s", key);
            out->count[out->n++] = (int)demo_int(v);
        }
    }
}

static void needs_string(const need_list *nl, int person, int assessed, char *out, size_t outlen)
{
    size_t used = 0;
    out[0] = '\0';
    for (int k = 0; k < nl->n; k++) {
        int offset = (k * 7) % (assessed ? assessed : 1);
        if ((person + assessed - offset) % assessed < nl->count[k]) {
            int w = snprintf(out + used, outlen - used, "%s%s", used ? "|" : "", nl->code[k]);
            if (w > 0 && (size_t)w < outlen - used)
                used += (size_t)w;
        }
    }
}

static void birth(demo *d, int from_year, int to_year, char out[16])
{
    demo_date(d, from_year + demo_rand(d, to_year - from_year + 1), 1, 12, out);
}

/* Persons registered early (under a pre-reform municipality) can be
 * assessed and served from 2016; the rest were registered after the reform. */
static void registration(demo *d, bool early, char out[16])
{
    if (early)
        demo_date(d, 2015, 8, 12, out);
    else
        demo_date(d, 2021, 8, 12, out);
}

static kp_rc adults(demo *d, int mi, int movers, int in_vsac, bool returner)
{
    int living = context(d, mi, 0), assessed = context(d, mi, 2);
    int served = recipients(d, mi, DEMO_GRT);
    need_list nl;
    needs_of(json_object_get(json_object_get(json_object_get(d->ref, "assessed_needs"), d->m[mi].refkey), "grt"), &nl);
    kp_rc rc = KP_OK;
    int at_home = living - movers;
    for (int i = 0; i < at_home && !rc; i++) {
        char b[16], reg[16], needs[256];
        bool early = i < assessed || i < served || i % 5 != 0;
        birth(d, 1955, 1995, b);
        registration(d, early, reg);
        int64_t id = 0;
        rc = demo_client(d, mi, "grt", b, reg, NULL, &id);
        if (!rc && i < assessed) {
            /* Made with the services, before the first of them. */
            needs_string(&nl, i, assessed, needs, sizeof needs);
            int round = 1 + i % 3;
            demo_defer_assessment(d, id, 0, round, round == 1 && i % 4 == 0, "family", needs);
        }
        /* A few people took up a new-format personal code in 2019; their
         * records follow them, and the old code still finds them. */
        if (!rc && early && i % 97 == 5) {
            char code[13], since[16];
            demo_new_code(d, code);
            demo_date(d, 2019, 1, 12, since);
            char cid[24];
            snprintf(cid, sizeof cid, "%lld", (long long)id);
            kp_code_change_in cc = {.client_id = cid, .personal_code = code, .since = since,
                                    .reason = "jaunā formāta personas kods"};
            rc = demo_check(d, kp_client_code_change(d->ctx, &cc, d->e, NULL), "personal code change");
        }
        if (!rc && early)
            pool_add(&d->pool[mi][DEMO_GRT], id);
    }
    /* Residents of the state social care centre: assessed there; some move
     * to a home of their own or a group home, one moves and comes back. */
    for (int i = 0; i < in_vsac && !rc; i++) {
        char b[16], reg[16];
        birth(d, 1950, 1990, b);
        registration(d, true, reg);
        int64_t id = 0;
        rc = demo_client(d, mi, "grt", b, reg, NULL, &id);
        if (!rc)
            rc = demo_assessment(d, id, i < movers ? 1 : 1 + i % 2, "vsac", i % 3 ? "group_home" : "day_care|group_home");
        if (rc)
            break;
        if (i < movers) {
            char left[16], moved[16];
            demo_date(d, 2018 + i % 4, 1, 11, left);
            kp_date l;
            kp_date_parse_iso(left, &l);
            kp_date_format_iso(l + 1, moved);
            rc = demo_residence(d, id, "vsac", "2005-01-01", left);
            if (!rc)
                rc = demo_residence(d, id, i % 2 ? "group_home" : "own_home", moved, NULL);
            if (!rc)
                pool_add(&d->pool[mi][DEMO_GRT], id);
        } else if (returner && i == movers) {
            rc = demo_residence(d, id, "vsac", "2005-01-01", "2019-03-31");
            if (!rc)
                rc = demo_residence(d, id, "own_home", "2019-04-01", "2020-05-31");
            if (!rc)
                rc = demo_residence(d, id, "vsac", "2020-06-01", NULL);
        } else {
            rc = demo_residence(d, id, "vsac", "2005-01-01", NULL);
        }
    }
    return rc;
}

static kp_rc children_in_families(demo *d, int mi)
{
    int living = context(d, mi, 1), assessed = context(d, mi, 3), special = context(d, mi, 7);
    int served = recipients(d, mi, DEMO_FT), parents = recipients(d, mi, DEMO_PARENTS);
    need_list nl;
    needs_of(json_object_get(json_object_get(json_object_get(d->ref, "assessed_needs"), d->m[mi].refkey), "ft"), &nl);
    /* Parents first: a child's record names its legal representative. */
    int64_t *parent_ids = kp_xcalloc((size_t)parents + 1, sizeof *parent_ids);
    kp_rc rc = KP_OK;
    for (int i = 0; i < parents && !rc; i++) {
        char b[16], reg[16];
        birth(d, 1975, 1992, b);
        registration(d, true, reg);
        rc = demo_client(d, mi, "parents", b, reg, NULL, &parent_ids[i]);
        if (!rc)
            pool_add(&d->pool[mi][DEMO_PARENTS], parent_ids[i]);
    }
    int core = assessed > served ? assessed : served;
    core = core > parents ? core : parents;
    core = core > special ? core : special;
    for (int i = 0; i < living && !rc; i++) {
        char b[16], reg[16], needs[256], care_from[16];
        bool early = i < core || i % 7 != 0;
        if (early)
            birth(d, 2004, 2014, b);
        else
            birth(d, 2018, 2020, b);
        registration(d, early, reg);
        demo_client_opts o = {0};
        if (i < parents)
            o.representative = parent_ids[i];
        if (i < special) {
            demo_date(d, 2016, 1, 12, care_from);
            o.special_care_from = care_from;
        }
        int64_t id = 0;
        rc = demo_client(d, mi, "ft", b, reg, &o, &id);
        if (!rc && i < assessed) {
            needs_string(&nl, i, assessed, needs, sizeof needs);
            demo_defer_assessment(d, id, o.representative, 1 + i % 3, false, "family", needs);
        }
        if (!rc && early)
            pool_add(&d->pool[mi][DEMO_FT], id);
    }
    free(parent_ids);
    return rc;
}

/* Children in out-of-family care. The first `assessed` of them had their
 * needs assessed in the institution in 2016; those of them now in a foster
 * family or under guardianship left the institution afterwards. */
static kp_rc children_in_care(demo *d, int mi, int assessed)
{
    static const char *const KIND[] = {"foster_family", "guardianship", "children_institution"};
    int counts[3] = {context(d, mi, 4), context(d, mi, 5), context(d, mi, 6)};
    kp_rc rc = KP_OK;
    int k = 0;
    for (int kind = 0; kind < 3 && !rc; kind++) {
        for (int i = 0; i < counts[kind] && !rc; i++, k++) {
            char b[16], reg[16];
            birth(d, 2005, 2014, b);
            registration(d, true, reg);
            int64_t id = 0;
            rc = demo_client(d, mi, "bsac", b, reg, NULL, &id);
            if (rc)
                break;
            if (k < assessed && kind < 2) {
                char left[16], since[16];
                kp_date l;
                demo_date(d, 2017 + k % 4, 1, 12, left);
                kp_date_parse_iso(left, &l);
                kp_date_format_iso(l + 1, since);
                rc = demo_residence(d, id, "children_institution", b, left);
                if (!rc)
                    rc = demo_residence(d, id, KIND[kind], since, NULL);
            } else {
                rc = demo_residence(d, id, KIND[kind], b, NULL);
            }
            if (!rc && k < assessed)
                rc = demo_assessment(d, id, 1, "institution", k % 2 ? "family_like_care" : "");
        }
    }
    return rc;
}

static int64_t figure(demo *d, const char *section, const char *key)
{
    return demo_int(json_object_get(json_object_get(d->ref, section), key));
}

static int64_t output_indicator(demo *d, const char *key)
{
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(d->ref, "output_indicators"), i, o)
    {
        if (strcmp(json_string_value(json_object_get(o, "key")), key) == 0)
            return demo_int(json_object_get(o, "achieved"));
    }
    return 0;
}

kp_rc demo_build_people(demo *d)
{
    int movers = (int)output_indicator(d, "grt_started_independent_life");
    int in_vsac = (int)figure(d, "output_indicators_detail", "grt_assessed_living_in_vsac_zemgale");
    int bsac_assessed = (int)figure(d, "output_indicators_detail", "bsac_children_assessed");
    int bsac_total = 0;
    for (int mi = 0; mi < DEMO_MUNIS; mi++)
        bsac_total += context(d, mi, 4) + context(d, mi, 5) + context(d, mi, 6);
    kp_rc rc = KP_OK;
    int bsac_given = 0;
    for (int mi = 0; mi < DEMO_MUNIS && !rc; mi++) {
        int n = DEMO_MUNIS;
        rc = adults(d, mi, split(movers, n, mi), split(in_vsac, n, mi), mi % 2 == 0);
        if (!rc)
            rc = children_in_families(d, mi);
        /* Assessed children spread in proportion to each municipality's
         * children in care; the last takes what rounding left over. */
        int mine = context(d, mi, 4) + context(d, mi, 5) + context(d, mi, 6);
        int quota = mi == DEMO_MUNIS - 1 ? bsac_assessed - bsac_given
                                          : (int)((int64_t)bsac_assessed * mine / (bsac_total ? bsac_total : 1));
        bsac_given += quota;
        if (!rc)
            rc = children_in_care(d, mi, quota);
    }
    return rc;
}
