#!/usr/bin/python3
"""Builds data/municipality_shapes.csv and data/municipality_neighbours.csv
from the boundaries of Latvia's 2009-2021 municipalities in Who's On First
(whosonfirst-data-admin-lv, placetype "region", geometry from Quattroshapes,
CC BY; keyed by the Eurostat LAU code, which is the ATVK code).

The 2021 territories are the unions of their predecessors (municipalities.csv,
successor_atvk; a territory the reform split goes whole to its main
successor). Shapes are projected (equirectangular at 56.9 N, units of 0.1 km,
y down) and simplified; two territories are neighbours when they share at
least about a kilometre of border. Run by hand when the sources change:

  scripts/map-data.py WOF_REPO_DIR DATA_DIR

Needs python3-shapely (Debian)."""
import csv, json, math, subprocess, sys
from shapely.geometry import shape, Polygon, MultiPolygon
from shapely.ops import unary_union, transform

wof, data = sys.argv[1], sys.argv[2]
munis = list(csv.DictReader(open(f'{data}/municipalities.csv', encoding='utf-8')))
by_atvk = {m['atvk']: m for m in munis}
pre = [m for m in munis if m['valid_from'] < '2021-07-01']

K = math.cos(math.radians(56.9))
def project(lon, lat, z=None):
    return ((lon - 20.8) * K * 111.32 * 10, (58.2 - lat) * 110.57 * 10)

names = subprocess.run(['git', '-C', wof, 'ls-tree', '-r', '--name-only', 'HEAD'], capture_output=True,
                       text=True, check=True).stdout.split('\n')
names = [n for n in names if n.endswith('.geojson') and '-alt-' not in n]
cat = subprocess.Popen(['git', '-C', wof, 'cat-file', '--batch'], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
geom = {}
for n in names:
    cat.stdin.write(f'HEAD:{n}\n'.encode())
    cat.stdin.flush()
    size = int(cat.stdout.readline().split()[2])
    j = json.loads(cat.stdout.read(size))
    cat.stdout.read(1)
    p = j['properties']
    code = p.get('eurostat:nuts_2021_level_lau')
    if p.get('wof:placetype') != 'region' or code not in by_atvk:
        continue
    g = transform(project, shape(j['geometry'])).buffer(0)
    geom[code] = g
missing = [m['atvk'] for m in pre if m['atvk'] not in geom]
assert not missing, missing

# The 2021 territories (and Madona 2024) as unions of what they took.
def successor_of(atvk, on):
    m = by_atvk[atvk]
    while m['valid_to'] and m['valid_to'] < on and m['successor_atvk']:
        m = by_atvk[m['successor_atvk']]
    return m['atvk']

for m in munis:
    if m['valid_from'] < '2021-07-01':
        continue
    on = m['valid_from']
    parts = [geom[p['atvk']] for p in pre if successor_of(p['atvk'], on) == m['atvk']]
    if m['atvk'] == '0038001':  # Madona 2024 took Madona 2021 and Varakļāni 2021
        parts = [geom[p['atvk']] for p in pre if successor_of(p['atvk'], '2021-07-01') in ('0038000', '0055000')]
    assert parts, m['atvk']
    geom[m['atvk']] = unary_union(parts).buffer(0.5).buffer(-0.5)

def rings(g):
    polys = [g] if isinstance(g, Polygon) else list(g.geoms)
    out = []
    for p in polys:
        for r in [p.exterior] + list(p.interiors):
            pts = [(round(x), round(y)) for x, y in r.coords]
            dedup = [pts[0]] + [q for a, q in zip(pts, pts[1:]) if q != a]
            if len(dedup) >= 4:
                out.append(' '.join(f'{x},{y}' for x, y in dedup[:-1]))
    return ';'.join(out)

with open(f'{data}/municipality_shapes.csv', 'w', encoding='utf-8', newline='') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(['atvk', 'label_x', 'label_y', 'rings'])
    for m in munis:
        g = geom[m['atvk']]
        s = g.simplify(4 if m['valid_from'] < '2021-07-01' else 6, preserve_topology=True)
        pt = g.representative_point()
        w.writerow([m['atvk'], round(pt.x), round(pt.y), rings(s)])

# Neighbours: at least ~1 km of shared border (0.3 km either side: 6 000 units² ≈ 0.6 km² per km).
def pairs(codes):
    found = set()
    grown = {c: geom[c].buffer(3) for c in codes}
    for i, a in enumerate(codes):
        for b in codes[i + 1:]:
            if not grown[a].intersects(grown[b]):
                continue
            if grown[a].intersection(grown[b]).area >= 60:
                found.add(tuple(sorted((a, b))))
    return found

era_pre = [m['atvk'] for m in pre]
era_post = [m['atvk'] for m in munis if '2021-07-01' <= m['valid_from'] and m['atvk'] != '0038001']
era_2024 = [m['atvk'] for m in munis if not m['valid_to'] and m['valid_from'] >= '2021-07-01']
found = pairs(era_pre) | pairs(era_post) | pairs(era_2024)
src = ("Who's On First (whosonfirst-data-admin-lv, Quattroshapes boundaries, CC BY): "
       "at least about 1 km of shared border")
with open(f'{data}/municipality_neighbours.csv', 'w', encoding='utf-8', newline='') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(['atvk', 'neighbour_atvk', 'source'])
    for a, b in sorted(found):
        w.writerow([a, b, src])
print(len(found), 'pairs')
