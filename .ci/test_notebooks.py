"""Run the notebooks' tests the way nbdev_test does, with execnb alone, so they also run beside fastcore 2.

nbdev 2.4 (which the design's settings.ini needs) cannot be imported beside fastcore 2, so on a second stack of
packages (Colab's: fastcore 2, the newest fastai, ipywidgets 7.7.1) `nbdev_test` cannot run. This does what it does:
each notebook in a process of its own (forked from a server that has imported the library), in its own folder, code cells in order, stopping at the first error; cells flagged
with one of settings.ini's `tst_flags`, `#| eval: false` cells and `nbdev_export()` calls are skipped. Where nbdev
cannot be imported, `from nbdev.showdoc import *` gets a stand-in whose `show_doc` shows nothing (documentation,
not a test). Prints one line per notebook and `N passed, M failed`; with --slowest K, each notebook's K slowest
cells too (where CI's minutes go).

With --nbdev, each notebook runs through nbdev's own `test_nb` (what `nbdev_test` maps over, with settings.ini's
`tst_flags`), still in a process of its own. `nbdev_test` runs notebook after notebook in each of its worker
processes, and what a notebook leaves in its namespace stays there (its shell outlives it): in one CI run two
workers held 6.4 and 12.9 GB, and in another the kernel's OOM killer stopped one (24 GB machine). 04_gan alone
leaves 4.8 GB, of which 0.9 GB stays once its namespace is cleared and freed memory is trimmed."""
import argparse, configparser, importlib, multiprocessing, os, sys, time, traceback, types
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

root = Path(__file__).resolve().parent.parent

def _skip_flags() -> set:
    cfg = configparser.ConfigParser(); cfg.read(root/'settings.ini')
    return set(cfg['DEFAULT'].get('tst_flags', '').split())

def _directives(source: str) -> dict:
    "`#| name args` lines at the top of a cell, as {name: args}"
    out = {}
    for line in source.splitlines():
        if not line.startswith('#|'): break
        name, _, args = line[2:].strip().partition(' ')
        out[name.rstrip(':')] = args.strip()
    return out

def _stub_showdoc():
    try: importlib.import_module('nbdev.showdoc')  # the real one, where nbdev imports
    except Exception:
        pkg, mod = types.ModuleType('nbdev'), types.ModuleType('nbdev.showdoc')
        mod.show_doc = lambda *a, **k: None
        mod.__all__ = ['show_doc']
        pkg.__path__, pkg.showdoc = [], mod
        sys.modules.update({'nbdev': pkg, 'nbdev.showdoc': mod})

def run_one(path: str, with_nbdev: bool = False) -> tuple:
    "(notebook, passed, seconds, error, [(seconds, cell index, first line) per cell]) for one notebook, run in this (fresh) process"
    multiprocessing.set_start_method(None, force=True)  # the platform's default (fork on Linux) for DataLoader workers, as under
                                                        # nbdev_test: this process came from the fork server, its default
    if with_nbdev: return _run_with_nbdev(path)
    from execnb.nbio import read_nb
    from execnb.shell import CaptureShell
    _stub_showdoc()
    os.environ['IN_TEST'] = '1'
    os.environ['PATH'] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"  # `!colorize ...`: this stack's commands
    os.environ['VIRTUAL_ENV'] = sys.prefix  # or IPython puts an activated virtualenv's packages (another stack's) first
    path, skip, t0 = Path(path).resolve(), _skip_flags(), time.time()
    shell, cells = CaptureShell(path), []
    os.chdir(path.parent)
    for i, cell in enumerate(read_nb(path).cells):
        if cell.cell_type != 'code': continue
        d = _directives(cell.source)
        if skip & d.keys() or d.get('eval', '').lower() == 'false' or 'nbdev_export(' in cell.source: continue
        t = time.time(); shell.run(cell.source)
        cells.append((time.time() - t, i, next((l for l in cell.source.splitlines() if not l.startswith('#|')), '')[:90]))
        if shell.exc:
            tb = ''.join(traceback.format_exception(shell.exc))[-3000:]
            return str(path.relative_to(root)), False, time.time() - t0, f"{path.name}, cell {i}:\n{cell.source[:500]}\n{tb}", cells
    return str(path.relative_to(root)), True, time.time() - t0, '', cells

def _run_with_nbdev(path: str) -> tuple:
    "`run_one` through nbdev's own `test_nb` (it prints a failing cell's traceback itself; no per-cell times)"
    from nbdev.config import get_config
    from nbdev.test import test_nb
    cfg, path = get_config(), Path(path).resolve()
    passed, secs = test_nb(path, skip_flags=cfg.tst_flags.split(), basepath=cfg.config_path)
    return str(path.relative_to(root)), passed, secs, '' if passed else f"{path.name}: nbdev's traceback is above", []

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('notebooks', nargs='*', help='notebooks (default: every one under nbs/ not starting with _)')
    p.add_argument('--n_workers', type=int, default=2)
    p.add_argument('--slowest', type=int, default=0, help="also print each notebook's K slowest cells")
    p.add_argument('--nbdev', action='store_true', help="run each notebook with nbdev's test_nb (where nbdev imports)")
    a = p.parse_args()
    nbs = a.notebooks or sorted(str(f) for f in (root/'nbs').rglob('*.ipynb') if not any(q.startswith(('_', '.')) for q in f.relative_to(root/'nbs').parts))
    failed = 0
    # Each notebook's process is forked from a server that has imported the library, execnb (and nbdev): about 5 s
    # of imports for each of the ~33 notebooks, paid once. Nothing has run in the server, so each fork starts clean.
    ctx = multiprocessing.get_context('forkserver')
    ctx.set_forkserver_preload([f'colorize_nbdev.{f.stem}' for f in sorted((root/'colorize_nbdev').glob('[!_]*.py'))]
                               + ['execnb.shell'] + (['nbdev.test'] if a.nbdev else []))
    with ProcessPoolExecutor(a.n_workers, mp_context=ctx, max_tasks_per_child=1) as ex:
        for name, ok, secs, err, cells in ex.map(run_one, nbs, [a.nbdev] * len(nbs)):
            print(f"{'ok    ' if ok else 'FAILED'} {name} ({secs:.0f} s)", flush=True)
            for c_secs, i, line in sorted(cells, reverse=True)[:a.slowest]: print(f"         {c_secs:6.1f} s  cell {i}: {line}")
            if not ok: failed += 1; print(err, file=sys.stderr, flush=True)
    print(f"notebooks: {len(nbs) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
