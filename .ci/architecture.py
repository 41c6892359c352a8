"""Check the package's shape: floors without circles, small modules and cells, a test after each export, short lines.

Each module is exported by one notebook, and a module may import only from modules of notebooks before its own (the
floors of the README's map): no arrow back up, so no circle, and no import inside a function to dodge one. No module
is over 300 lines, no exported cell over 40, no line of ours over 120 characters (nbdev writes `__all__` itself), and
at least 90 % of exported cells (other than imports) are followed by a test (`test_*` or `assert`) before the next.

Usage: python .ci/architecture.py    (exit 1 when a rule is broken; prints a table either way)"""
import ast, json, re, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
MAX_MODULE, MAX_CELL, MAX_LINE, MIN_TESTED = 300, 40, 120, 0.9
TEST = re.compile(r'\btest_\w+\(|\bassert\b')

def notebooks(): return sorted((root/'nbs').glob('*.ipynb'))
def code_cells(nb): return [c for c in json.loads(nb.read_text())['cells'] if c['cell_type'] == 'code']
def src(c): return ''.join(c['source'])
def is_export(c): return re.match(r'\s*#\|\s*export', src(c)) is not None
def only_imports(s):
    "Imports only (`import_module(...)` included): the module's own import cell"
    def imp(b): return isinstance(b, (ast.Import, ast.ImportFrom)) or (
        isinstance(b, ast.Expr) and isinstance(b.value, ast.Call) and getattr(b.value.func, 'id', '') == 'import_module')
    return all(imp(b) for b in ast.parse(s).body)

def floors()->dict:
    "module -> the name of the notebook that exports it (their order is the floor order)"
    out = {}
    for nb in notebooks():
        for c in code_cells(nb):
            if m := re.search(r'#\|\s*default_exp\s+(\S+)', src(c)): out[m.group(1)] = nb.stem; break
    return out

def package_imports(path:Path, mods)->list[tuple[str, int, bool]]:
    "(module imported, line, inside a function?) for each import of a package module in `path`"
    tree, out = ast.parse(path.read_text()), []
    inner = {id(n) for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)) for n in ast.walk(f)}
    for n in ast.walk(tree):
        if not isinstance(n, ast.ImportFrom) or not n.module: continue
        names = ([n.module.split('.')[0]] if n.level == 1 else [n.module.split('.')[1]] if n.module.startswith('colorize_nbdev.')
                 else [a.name for a in n.names] if n.module == 'colorize_nbdev' else [])
        out += [(m, n.lineno, id(n) in inner) for m in names if m in mods]
    return out

def main():
    fl, problems = floors(), []
    mods = {p.stem: p for p in (root/'colorize_nbdev').glob('*.py') if p.stem not in ('__init__', '_modidx')}
    for m, p in sorted(mods.items()):
        for t, line, inner in package_imports(p, mods):
            if fl.get(t, '') > fl.get(m, ''): problems.append(f"{m}.py:{line} imports {t}, a floor above it ({fl[t]} > {fl[m]})")
            if inner: problems.append(f"{m}.py:{line} imports {t} inside a function")
        lines = p.read_text().splitlines()
        if len(lines) > MAX_MODULE: problems.append(f"{m}.py has {len(lines)} lines (at most {MAX_MODULE})")
        in_all = False
        for i, l in enumerate(lines, 1):
            in_all = l.startswith('__all__') or (in_all and l.startswith(' '))
            if len(l) > MAX_LINE and not in_all: problems.append(f"{m}.py:{i} is {len(l)} characters long")
    tested = total = 0
    for nb in notebooks():
        cells = code_cells(nb)
        ex = [i for i, c in enumerate(cells) if is_export(c)]
        for k, i in enumerate(ex):
            s = src(cells[i]).strip()
            if len(s.splitlines()) > MAX_CELL: problems.append(f"{nb.stem}: an exported cell of {len(s.splitlines())} lines "
                                                               f"({s.splitlines()[1][:50]}...)")
            if only_imports(s): continue
            nxt = ex[k + 1] if k + 1 < len(ex) else len(cells)
            total += 1; tested += any(TEST.search(src(cells[j])) for j in range(i + 1, nxt))
    if tested < MIN_TESTED * total: problems.append(f"{tested} of {total} exported cells are followed by a test (< 90 %)")
    print(f"| modules | floors back up | largest module | exported cells | followed by a test |\n|---|---|---|---|---|\n"
          f"| {len(mods)} | {sum('a floor above' in p for p in problems)} | "
          f"{max(len(p.read_text().splitlines()) for p in mods.values())} lines | {total} (+ import cells) | "
          f"{tested} ({tested / total:.0%}) |")
    for p in problems: print('FAILED:', p)
    sys.exit(1 if problems else 0)

if __name__ == '__main__': main()
