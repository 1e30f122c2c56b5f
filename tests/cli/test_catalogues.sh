#!/usr/bin/env bash
# Checks the catalogue files in data/ without the program: format (UTF-8, RFC 4180,
# LF, exact headers, no trailing spaces), counts, references between files, uniqueness,
# and that the Zemgale names agree with shared/reference/zemgale-2021.json.
# See docs/catalogues.md. Exits non-zero and names file, line and problem on failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="${KOPA_SRC:-$here/../..}"
export CAT_DATA="$src/data"
export CAT_SHARED="${KOPA_SHARED:-$src/../shared}"

if [ ! -d "$CAT_DATA" ]; then
  echo "test_catalogues: data directory not found: $CAT_DATA" >&2
  exit 1
fi

python3 - <<'EOF'
import csv, datetime, io, json, os, re, sys

data = os.environ["CAT_DATA"]
shared = os.environ["CAT_SHARED"]
errors = []

def err(msg):
    errors.append(msg)

HEADERS = {
    "regions.csv": "code,name_lv,name_en",
    "municipalities.csv": "atvk,key,name_lv,name_en,kind,region,valid_from,valid_to,successor_atvk,code_confirmed,source",
    "municipality_regions.csv": "atvk,region,valid_from,valid_to,source",
    "parishes.csv": "territory_atvk,parish_atvk,name_lv,successor_atvk,code_confirmed,source",
    "population.csv": "atvk,year,population,source",
    "target_groups.csv": "code,name_lv,name_en",
    "service_types.csv": "code,parent,name_lv,name_en,unit,target_groups",
    "service_rules.csv": "id,service,region,target_group,kind,period,limit,age_min,age_max,parents_working,valid_from,valid_to,source",
    "unit_costs.csv": "service,amount,valid_from,valid_to,source",
}

def load(name):
    """Return list of (line_no, dict) after format checks."""
    path = os.path.join(data, name)
    try:
        raw = open(path, "rb").read()
    except OSError as e:
        err(f"{name}: cannot read: {e}")
        return []
    if raw.startswith(b"\xef\xbb\xbf"):
        err(f"{name}: starts with a UTF-8 byte order mark")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        err(f"{name}: not UTF-8: {e}")
        return []
    if "\r" in text:
        err(f"{name}: contains CR characters (LF line endings required)")
    if not text.endswith("\n"):
        err(f"{name}: last line does not end with LF")
    lines = text.split("\n")
    for i, line in enumerate(lines, 1):
        if line != line.rstrip(" \t"):
            err(f"{name}:{i}: trailing whitespace")
        if line == "" and i != len(lines):
            err(f"{name}:{i}: empty line")
    header = HEADERS[name].split(",")
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        for rec in reader:
            line = reader.line_num
            if line == 1 and not rows and rec != header:
                err(f"{name}:1: header is {','.join(rec)!r}, expected {HEADERS[name]!r}")
                return []
            if line == 1:
                continue
            if len(rec) != len(header):
                err(f"{name}:{line}: {len(rec)} fields, expected {len(header)}")
                continue
            for col, v in zip(header, rec):
                if v != v.strip():
                    err(f"{name}:{line}: column {col}: leading/trailing spaces")
            rows.append((line, dict(zip(header, rec))))
    except csv.Error as e:
        err(f"{name}:{reader.line_num}: CSV error: {e}")
    return rows

def date(name, line, col, v, empty_ok=False):
    if v == "" and empty_ok:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            raise ValueError
        return datetime.date.fromisoformat(v)
    except ValueError:
        err(f"{name}:{line}: column {col}: not an ISO date: {v!r}")
        return None

def unique(name, rows, col):
    seen = {}
    for line, r in rows:
        v = r[col]
        if v in seen:
            err(f"{name}:{line}: column {col}: duplicate {v!r} (first on line {seen[v]})")
        else:
            seen[v] = line
    return set(seen)

# ---- regions
regions = load("regions.csv")
region_codes = unique("regions.csv", regions, "code")
if region_codes != {"RPR", "VPR", "KPR", "LPR", "ZPR"}:
    err(f"regions.csv: codes are {sorted(region_codes)}, expected RPR VPR KPR LPR ZPR")

# ---- target groups
tgs = load("target_groups.csv")
tg_codes = unique("target_groups.csv", tgs, "code")
if tg_codes != {"grt", "ft", "parents", "bsac"}:
    err(f"target_groups.csv: codes are {sorted(tg_codes)}, expected grt ft parents bsac")

# ---- municipalities
F = "municipalities.csv"
munis = load(F)
# 43 territories of 1 July 2021, Madonas novads under its new code from
# 30 June 2024, and the 119 territories of 2009-2021 (9 cities, 110 novadi).
if len(munis) != 163:
    err(f"{F}: {len(munis)} rows, expected 163")
atvks = unique(F, munis, "atvk")
unique(F, munis, "key")
by_atvk = {r["atvk"]: (line, r) for line, r in munis}
for line, r in munis:
    if not re.fullmatch(r"\d{7}", r["atvk"]):
        err(f"{F}:{line}: column atvk: not 7 digits: {r['atvk']!r}")
    if r["atvk"].startswith("099"):
        err(f"{F}:{line}: column atvk: {r['atvk']} is a placeholder code, not a classifier code")
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", r["key"]):
        err(f"{F}:{line}: column key: not a lowercase ASCII slug: {r['key']!r}")
    if r["kind"] not in ("state_city", "novads", "city"):
        err(f"{F}:{line}: column kind: {r['kind']!r} not in state_city, novads, city")
    if r["region"] not in region_codes:
        err(f"{F}:{line}: column region: unknown region {r['region']!r}")
    if r["code_confirmed"] not in ("0", "1"):
        err(f"{F}:{line}: column code_confirmed: {r['code_confirmed']!r} not 0 or 1")
    if not r["source"]:
        err(f"{F}:{line}: column source: empty")
    # A confirmed code names what confirms it; an unconfirmed one must not claim it.
    confirmed_by = r["source"].startswith("code: confirmed")
    if r["code_confirmed"] == "1" and not confirmed_by:
        err(f"{F}:{line}: column source: a confirmed code must start 'code: confirmed' and name the source")
    if r["code_confirmed"] == "0" and confirmed_by:
        err(f"{F}:{line}: column source: says confirmed, code_confirmed is 0")
    vf = date(F, line, "valid_from", r["valid_from"])
    vt = date(F, line, "valid_to", r["valid_to"], empty_ok=True)
    r["_vf"], r["_vt"] = vf, vt
    if vf and vt and vt < vf:
        err(f"{F}:{line}: valid_to {vt} before valid_from {vf}")
    s = r["successor_atvk"]
    if s:
        if s not in atvks:
            err(f"{F}:{line}: column successor_atvk: {s!r} not an atvk in the file")
        elif s == r["atvk"]:
            err(f"{F}:{line}: column successor_atvk: a territory cannot succeed itself")
        if not r["valid_to"]:
            err(f"{F}:{line}: has a successor but no valid_to")
    elif r["valid_to"]:
        err(f"{F}:{line}: ended (valid_to {r['valid_to']}) but has no successor_atvk")
    if r["key"].endswith("-pre2021") != (r["valid_to"] == "2021-06-30"):
        err(f"{F}:{line}: key suffix -pre2021 must go with valid_to 2021-06-30")

# successor must be valid on the day after the predecessor ends
for line, r in munis:
    s = r["successor_atvk"]
    if s in by_atvk and r["_vt"]:
        day = r["_vt"] + datetime.timedelta(days=1)
        sr = by_atvk[s][1]
        if not (sr["_vf"] and sr["_vf"] <= day and (sr["_vt"] is None or day <= sr["_vt"])):
            err(f"{F}:{line}: successor {s} is not valid on {day}")

def valid_on(d):
    return [r for _, r in munis
            if r["_vf"] and r["_vf"] <= d and (r["_vt"] is None or d <= r["_vt"])]

reform = valid_on(datetime.date(2021, 7, 1))
if len(reform) != 43:
    err(f"{F}: {len(reform)} territories valid on 2021-07-01, expected 43")
today = valid_on(datetime.date.today())
if len(today) != 42:
    err(f"{F}: {len(today)} territories valid today, expected 42")
if sum(r["kind"] == "state_city" for r in reform) != 7:
    err(f"{F}: expected 7 state cities valid on 2021-07-01")
expect_per_region = {"RPR": 9, "VPR": 11, "KPR": 8, "LPR": 9, "ZPR": 6}
for reg, n in expect_per_region.items():
    got = sum(r["region"] == reg for r in reform)
    if got != n:
        err(f"{F}: {got} territories of {reg} valid on 2021-07-01, expected {n}")
pre = [r for _, r in munis if r["_vt"] == datetime.date(2021, 6, 30)]
if len(pre) != 119:
    err(f"{F}: {len(pre)} pre-reform rows (valid_to 2021-06-30), expected 119")
if sum(r["kind"] == "city" for r in pre) != 9 or sum(r["kind"] == "novads" for r in pre) != 110:
    err(f"{F}: the pre-reform rows must be 9 republic cities and 110 novadi")
# Mērsraga novads was formed on 1 July 2010 from Rojas novads; all others existed from 1 July 2009.
for r in pre:
    want = "2010-07-01" if r["name_lv"] == "Mērsraga novads" else "2009-07-01"
    if r["valid_from"] != want:
        err(f"{F}: pre-reform {r['key']} starts {r['valid_from']}, expected {want}")
on_2010 = valid_on(datetime.date(2010, 1, 1))
if len(on_2010) != 118:
    err(f"{F}: {len(on_2010)} territories valid on 2010-01-01, expected 118 (before Mērsrags)")
pre_regions = {"RPR": 30, "VPR": 26, "KPR": 20, "LPR": 21, "ZPR": 22}
for reg, n in pre_regions.items():
    got = sum(r["region"] == reg for r in pre)
    if got != n:
        err(f"{F}: {got} pre-reform territories of {reg}, expected {n} (Regulation No. 391 of 2009)")
# Against the shared reference table: every old code, with its 2021 successor.
ref_path = os.path.join(shared, "reference", "atvk-2009-2021.csv")
try:
    ref_rows = list(csv.DictReader(open(ref_path, encoding="utf-8")))
except OSError as e:
    err(f"cannot read {ref_path}: {e}")
    ref_rows = []
name_of = {r["atvk"]: r["name_lv"] for _, r in munis}
city_names = {"Rīga": "Rīgas valstspilsēta", "Daugavpils": "Daugavpils valstspilsēta",
              "Jelgava": "Jelgavas valstspilsēta", "Jūrmala": "Jūrmalas valstspilsēta",
              "Liepāja": "Liepājas valstspilsēta", "Rēzekne": "Rēzeknes valstspilsēta",
              "Ventspils": "Ventspils valstspilsēta"}
# Corrections to the reference table, each explained in docs/catalogues.md.
corrected = {"0801800": "Siguldas novads", "0360800": "Smiltenes novads"}
for rr in ref_rows:
    if rr["atvk"] not in by_atvk:
        err(f"{F}: {rr['atvk']} {rr['name_lv']} of atvk-2009-2021.csv is missing")
        continue
    line, r = by_atvk[rr["atvk"]]
    if r["valid_to"] != "2021-06-30":
        err(f"{F}:{line}: {rr['atvk']} must end on 2021-06-30")
    want = corrected.get(rr["atvk"], city_names.get(rr["successor_2021"], rr["successor_2021"]))
    got = name_of.get(r["successor_atvk"], "")
    if got != want:
        err(f"{F}:{line}: successor of {rr['name_lv']} is {got!r}, expected {want!r}")
varak = [r for _, r in munis if r["key"] == "varaklani"]
madona = [r for _, r in munis if r["key"] == "madona"]
madona24 = [r for _, r in munis if r["key"] == "madona-2024"]
if not varak or not madona or not madona24:
    err(f"{F}: varaklani, madona or madona-2024 missing")
else:
    for r in (varak[0], madona[0]):
        if r["valid_to"] != "2024-06-29" or r["successor_atvk"] != madona24[0]["atvk"]:
            err(f"{F}: {r['key']} must end 2024-06-29 with successor madona-2024")
    if madona24[0]["atvk"] != "0038001" or madona24[0]["valid_from"] != "2024-06-30":
        err(f"{F}: madona-2024 must be 0038001 from 2024-06-30")
# Every territory reaches a territory valid today by following successors.
for line, r in munis:
    x, hops = r, 0
    while x["successor_atvk"] and hops < 16:
        x, hops = by_atvk[x["successor_atvk"]][1], hops + 1
    if x["_vt"] is not None:
        err(f"{F}:{line}: {r['key']} leads to {x['key']}, which has ended without a successor")

# ---- planning-region membership over time
F = "municipality_regions.csv"
members = load(F)
spans = {}
for line, r in members:
    if r["atvk"] not in by_atvk:
        err(f"{F}:{line}: column atvk: {r['atvk']!r} not in municipalities.csv")
        continue
    if r["region"] not in region_codes:
        err(f"{F}:{line}: column region: unknown region {r['region']!r}")
    if not r["source"]:
        err(f"{F}:{line}: column source: empty")
    vf = date(F, line, "valid_from", r["valid_from"])
    vt = date(F, line, "valid_to", r["valid_to"], empty_ok=True)
    if vf:
        spans.setdefault(r["atvk"], []).append((vf, vt, r["region"], line))
# every day of each territory's life in exactly one region
for atvk, (mline, m) in by_atvk.items():
    ps = sorted(spans.get(atvk, []))
    if not ps:
        err(f"{F}: {atvk} ({m['key']}) has no region membership")
        continue
    expect = m["_vf"]
    for vf, vt, reg, line in ps:
        if vf != expect:
            err(f"{F}:{line}: membership of {atvk} starts {vf}, expected {expect} (gap or overlap)")
        expect = vt + datetime.timedelta(days=1) if vt else None
        if expect is None:
            break
    last = ps[-1][1]
    if last != m["_vt"]:
        err(f"{F}: memberships of {atvk} end {last}, the territory ends {m['_vt']}")
    if ps[-1][2] != m["region"]:
        err(f"{F}: last membership of {atvk} is {ps[-1][2]}, municipalities.csv says {m['region']}")
def region_on(atvk, d):
    for vf, vt, reg, _ in spans.get(atvk, []):
        if vf <= d and (vt is None or d <= vt):
            return reg
    return None
# the facts the figures depend on (shared/reference/latvia.md)
for atvk, d, want in (("0900200", "2020-01-01", "RPR"), ("0052000", "2022-01-01", "KPR"),
                      ("0740202", "2020-01-01", "RPR"), ("0040000", "2022-01-01", "VPR"),
                      ("0660200", "2020-01-01", "RPR"), ("0035000", "2022-01-01", "VPR"),
                      ("0400200", "2020-01-01", "ZPR"), ("0038001", "2025-01-01", "VPR")):
    got = region_on(atvk, datetime.date.fromisoformat(d))
    if got != want:
        err(f"{F}: {atvk} is in {got} on {d}, expected {want}")

# ---- parishes of split territories
F = "parishes.csv"
parishes = load(F)
seen = set()
for line, r in parishes:
    t = by_atvk.get(r["territory_atvk"], (0, None))[1]
    sc = by_atvk.get(r["successor_atvk"], (0, None))[1]
    if t is None:
        err(f"{F}:{line}: column territory_atvk: {r['territory_atvk']!r} not in municipalities.csv")
    if sc is None:
        err(f"{F}:{line}: column successor_atvk: {r['successor_atvk']!r} not in municipalities.csv")
    if t is not None and sc is not None:
        day = t["_vt"] + datetime.timedelta(days=1) if t["_vt"] else None
        if day is None or not (sc["_vf"] <= day and (sc["_vt"] is None or day <= sc["_vt"])):
            err(f"{F}:{line}: successor {r['successor_atvk']} is not valid on the day after the territory ended")
    if r["parish_atvk"] and not re.fullmatch(r"\d{7}", r["parish_atvk"]):
        err(f"{F}:{line}: column parish_atvk: not 7 digits")
    if r["code_confirmed"] not in ("0", "1"):
        err(f"{F}:{line}: column code_confirmed: not 0 or 1")
    if not r["name_lv"] or not r["source"]:
        err(f"{F}:{line}: name_lv and source are required")
    key = (r["territory_atvk"], r["name_lv"])
    if key in seen:
        err(f"{F}:{line}: {r['name_lv']} listed twice for {r['territory_atvk']}")
    seen.add(key)
split = {r["territory_atvk"] for _, r in parishes}
for t in split:
    succs = {r["successor_atvk"] for _, r in parishes if r["territory_atvk"] == t}
    if len(succs) < 2:
        err(f"{F}: {t} is listed as split but all its parishes go to one successor")
    if by_atvk[t][1]["successor_atvk"] not in succs:
        err(f"{F}: the main successor of {t} takes none of its listed parishes")
vangazi = [r for _, r in parishes if r["name_lv"] == "Vangažu pilsēta"]
if not vangazi or vangazi[0]["territory_atvk"] != "0801800" or vangazi[0]["successor_atvk"] != "0044000":
    err(f"{F}: Vangažu pilsēta of Inčukalna novads must go to Ropažu novads (0044000)")

# ---- population
F = "population.csv"
population = load(F)
seen = set()
for line, r in population:
    if r["atvk"] not in by_atvk:
        err(f"{F}:{line}: column atvk: {r['atvk']!r} not in municipalities.csv")
    if not re.fullmatch(r"(199\d|20\d\d)", r["year"]):
        err(f"{F}:{line}: column year: {r['year']!r}")
    if not re.fullmatch(r"\d+", r["population"]):
        err(f"{F}:{line}: column population: not a non-negative integer")
    if not r["source"]:
        err(f"{F}:{line}: column source: empty")
    if (r["atvk"], r["year"]) in seen:
        err(f"{F}:{line}: a second figure for {r['atvk']} {r['year']}")
    # The figure is the population on 1 January: the territory must exist then.
    m = by_atvk.get(r["atvk"], (0, None))[1]
    if m and m["_vf"] and re.fullmatch(r"\d{4}", r["year"]):
        jan1 = datetime.date(int(r["year"]), 1, 1)
        if jan1 < m["_vf"] or (m["_vt"] and jan1 > m["_vt"]):
            err(f"{F}:{line}: {r['atvk']} did not exist on {jan1}")
    seen.add((r["atvk"], r["year"]))

# Zemgale names against the reference report
zpath = os.path.join(shared, "reference", "zemgale-2021.json")
try:
    z = json.load(open(zpath, encoding="utf-8"))
except (OSError, ValueError) as e:
    err(f"cannot read {zpath}: {e}")
    z = None
if z is not None:
    zemgale_now = {r["name_lv"]: r for r in reform if r["region"] == "ZPR"}
    ref = {m["name"]: m for m in z["municipalities"]}
    if set(zemgale_now) != set(ref):
        err(f"{F}: Zemgale post-reform names {sorted(zemgale_now)} differ from "
            f"zemgale-2021.json {sorted(ref)}")
    else:
        for name, m in ref.items():
            # merged_from uses "Jelgava" for the city; the file says "Jelgavas pilsēta"
            want = {"Jelgavas pilsēta" if x == "Jelgava" else x for x in m["merged_from"]}
            got = {r["name_lv"] for r in pre if r["successor_atvk"] == zemgale_now[name]["atvk"]}
            if want != got:
                err(f"{F}: predecessors of {name} are {sorted(got)}, "
                    f"zemgale-2021.json says {sorted(want)}")

# ---- service types
F = "service_types.csv"
sts = load(F)
st_codes = unique(F, sts, "code")
top = {r["code"] for _, r in sts if r["parent"] == ""}
for line, r in sts:
    if r["parent"] and r["parent"] not in top:
        err(f"{F}:{line}: column parent: {r['parent']!r} is not a top-level service type")
    if r["unit"] not in ("hour", "day", "night", "session", "month"):
        err(f"{F}:{line}: column unit: {r['unit']!r} not in hour, day, night, session, month")
    tg = r["target_groups"].split("|")
    if r["target_groups"] == "" or len(set(tg)) != len(tg):
        err(f"{F}:{line}: column target_groups: empty or repeated entry: {r['target_groups']!r}")
    for t in tg:
        if t and t not in tg_codes:
            err(f"{F}:{line}: column target_groups: unknown target group {t!r}")
if len(sts) != 18:
    err(f"{F}: {len(sts)} rows, expected 18")

# ---- service rules
F = "service_rules.csv"
rules = load(F)
unique(F, rules, "id")
kinds = ("units_per_year", "hours_per_week", "sessions_per_service",
         "services_per_person", "amount_per_person")
for line, r in rules:
    if r["service"] not in st_codes:
        err(f"{F}:{line}: column service: unknown service type {r['service']!r}")
    if r["region"] and r["region"] not in region_codes:
        err(f"{F}:{line}: column region: unknown region {r['region']!r}")
    if r["target_group"] and r["target_group"] not in tg_codes:
        err(f"{F}:{line}: column target_group: unknown target group {r['target_group']!r}")
    if r["kind"] not in kinds:
        err(f"{F}:{line}: column kind: {r['kind']!r} not in {', '.join(kinds)}")
    # Over what each kind may count (docs/catalogues.md, "Rules state their period").
    allowed = {"units_per_year": ("calendar_year", "day"), "hours_per_week": ("week",),
               "sessions_per_service": ("course", "calendar_year", "lifetime"),
               "amount_per_person": ("course", "calendar_year", "lifetime"),
               "services_per_person": ("calendar_year", "lifetime")}
    if r["period"] not in allowed.get(r["kind"], ()):
        err(f"{F}:{line}: column period: {r['period']!r} is not a period a {r['kind']} rule counts over")
    if not re.fullmatch(r"\d+", r["limit"]):
        err(f"{F}:{line}: column limit: not a non-negative integer: {r['limit']!r}")
    for col in ("age_min", "age_max"):
        if r[col] and not re.fullmatch(r"\d+", r[col]):
            err(f"{F}:{line}: column {col}: not an integer: {r[col]!r}")
    if r["age_min"] and r["age_max"] and int(r["age_min"]) > int(r["age_max"]):
        err(f"{F}:{line}: age_min greater than age_max")
    if r["parents_working"] not in ("", "0", "1"):
        err(f"{F}:{line}: column parents_working: {r['parents_working']!r} not empty, 0 or 1")
    vf = date(F, line, "valid_from", r["valid_from"])
    vt = date(F, line, "valid_to", r["valid_to"], empty_ok=True)
    if vf and vt and vt < vf:
        err(f"{F}:{line}: valid_to before valid_from")
    if not r["source"]:
        err(f"{F}:{line}: column source: empty")

# ---- unit costs
F = "unit_costs.csv"
costs = load(F)
periods = {}
for line, r in costs:
    if r["service"] not in st_codes:
        err(f"{F}:{line}: column service: unknown service type {r['service']!r}")
    if not re.fullmatch(r"\d+\.\d{2}", r["amount"]):
        err(f"{F}:{line}: column amount: not euros with 2 decimals: {r['amount']!r}")
    vf = date(F, line, "valid_from", r["valid_from"])
    vt = date(F, line, "valid_to", r["valid_to"], empty_ok=True)
    if vf and vt and vt < vf:
        err(f"{F}:{line}: valid_to before valid_from")
    if vf:
        periods.setdefault(r["service"], []).append((vf, vt or datetime.date.max, line))
    if not r["source"]:
        err(f"{F}:{line}: column source: empty")
for svc, ps in periods.items():
    ps.sort()
    for (a0, a1, la), (b0, b1, lb) in zip(ps, ps[1:]):
        if b0 <= a1:
            err(f"{F}:{lb}: period of {svc} overlaps line {la}")

if errors:
    for e in errors:
        print("test_catalogues: " + e, file=sys.stderr)
    print(f"test_catalogues: FAILED ({len(errors)} problem(s))", file=sys.stderr)
    sys.exit(1)
print(f"test_catalogues: ok — {len(munis)} municipalities ({len(reform)} on 2021-07-01, "
      f"{len(today)} today, {len(pre)} before the reform, "
      f"{sum(r['code_confirmed'] == '1' for _, r in munis)} codes confirmed), {len(members)} region memberships, "
      f"{len(parishes)} parishes of split territories, {len(population)} population figures, {len(regions)} regions, {len(tgs)} target groups, "
      f"{len(sts)} service types, {len(rules)} rules, {len(costs)} unit costs")
EOF
