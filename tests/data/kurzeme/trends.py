#!/usr/bin/env python3
"""Figures 1-3 (section "trends") of this dataset, counted from the import
files and data/ by the definitions of docs/figures.md ("People at a date",
"Trends 2016-2021") -- written apart from Kopa's code, to check the rows of
expected.csv. Prints the trend rows of expected.csv for every report date.

  persons at the end of each year (31 December, or the report's date in its
  own year), six years up to the report's year; a person counts when
  registered by the day, held on the day by a territory of KPR (the client's
  municipality after any move, a pre-reform territory after the reform under
  its successor), case open on the day, and:
    grt_adults_living            grt, 18 or older, not living in a VSAC
    ft_children_living           ft, under 18, not in a children's institution
    children_disability_special_care  ft, under 18, special care from <= day
    foster_family / guardianship / in_institutions  bsac, under 18, residence
  population: data/population.csv of 1 January of the year after the day,
  summed over the territories valid and in KPR on the day, only when each has
  a figure; per_1000 = persons x 100 000 / population, hundredths half up.
Usage: trends.py [SRC]   (SRC the source tree, default ../../..)"""
import csv, datetime as dt, os, sys

here = os.path.dirname(os.path.abspath(__file__))
src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "..")
D = dt.date.fromisoformat

def rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))

terr = {r["atvk"]: r for r in rows(os.path.join(src, "data", "municipalities.csv"))}
regions = rows(os.path.join(src, "data", "municipality_regions.csv"))
pop = {(r["atvk"], int(r["year"])): int(r["population"]) for r in rows(os.path.join(src, "data", "population.csv"))}
clients = rows(os.path.join(here, "clients.csv"))
res = rows(os.path.join(here, "residences.csv"))
moves = rows(os.path.join(here, "client_moves.csv"))
status = rows(os.path.join(here, "case_status.csv"))
corr = rows(os.path.join(here, "client_corrections.csv"))

def valid(t, d):
    r = terr[t]
    return D(r["valid_from"]) <= d and (not r["valid_to"] or d <= D(r["valid_to"]))

def holder(t, d):  # the territory holding a record made under t on d
    while not valid(t, d):
        t = terr[t]["successor_atvk"]
    return t

def region(t, d):
    for r in regions:
        if r["atvk"] == t and D(r["valid_from"]) <= d and (not r["valid_to"] or d <= D(r["valid_to"])):
            return r["region"]
    return terr[t]["region"]

def latest(items, cid, d, key="effective_on"):
    best = None
    for r in items:
        if r["client_id"] == cid and D(r[key]) <= d and (best is None or D(r[key]) >= D(best[key])):
            best = r
    return best

def adult(birth, d):
    try:
        cut = d.replace(year=d.year - 18)
    except ValueError:
        cut = d.replace(year=d.year - 18, day=28)
    return birth <= cut

def counts(d):
    c = {k: [] for k in ("grt_adults_living", "ft_children_living", "children_disability_special_care",
                         "foster_family", "guardianship", "in_institutions")}
    for p in clients:
        cid = p["id"]
        if D(p["registered_on"]) > d:
            continue
        m = latest(moves, cid, d)
        t = holder(m["municipality"] if m else p["municipality"], d)
        if region(t, d) != "KPR":
            continue
        s = latest(status, cid, d)
        if s and s["status"] == "closed":
            continue
        fix = latest(corr, cid, d)
        q = fix if fix else p
        tg, birth, special = q["target_group"], D(q["birth_date"]), q["special_care_from"]
        r = [x["kind"] for x in res if x["client_id"] == cid and D(x["start_date"]) <= d
             and (not x["end_date"] or d <= D(x["end_date"]))]
        kind = r[0] if r else ""
        if tg == "grt" and adult(birth, d) and kind != "vsac":
            c["grt_adults_living"].append(cid)
        if tg == "ft" and not adult(birth, d):
            if kind != "children_institution":
                c["ft_children_living"].append(cid)
            if special and D(special) <= d:
                c["children_disability_special_care"].append(cid)
        if tg == "bsac" and not adult(birth, d):
            for k, v in (("foster_family", "foster_family"), ("guardianship", "guardianship"),
                         ("in_institutions", "children_institution")):
                if kind == v:
                    c[k].append(cid)
    return c

def population(d):
    year = (d + dt.timedelta(days=1)).year
    ts = [t for t in terr if valid(t, d) and region(t, d) == "KPR"]
    if not ts or any((t, year) not in pop for t in ts):
        return None
    return sum(pop[(t, year)] for t in ts)

def per_1000(n, population):
    return (n * 200000 + population) // (2 * population)

TG = {"grt_adults_living": "grt", "ft_children_living": "ft", "children_disability_special_care": "ft",
      "foster_family": "bsac", "guardianship": "bsac", "in_institutions": "bsac"}
dates = sorted({r["date"] for r in rows(os.path.join(here, "expected.csv"))})
out = csv.writer(sys.stdout, lineterminator="\n")
for ds in dates:
    at = D(ds)
    for y in range(at.year - 5, at.year + 1):
        d = min(at, dt.date(y, 12, 31))
        c = counts(d)
        for k, ids in c.items():
            if ids:
                out.writerow([ds, "trends", "", TG[k], k, "persons", y, len(ids),
                              f"{d.isoformat()}: " + ",".join("#" + i for i in ids)])
        p = population(d)
        if p is not None:
            out.writerow([ds, "trends", "", "", "population", "inhabitants", y, p,
                          f"data/population.csv 1.1.{(d + dt.timedelta(days=1)).year}, KPR territories on {d.isoformat()}"])
            for k in ("grt_adults_living", "ft_children_living"):
                v = per_1000(len(c[k]), p)
                if v:
                    out.writerow([ds, "trends", "", TG[k], k, "per_1000", y, f"{v // 100}.{v % 100:02d}",
                                  f"{len(c[k])} x 100000 / {p}"])
