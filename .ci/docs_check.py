"""Check the docs pages as a reader gets them: each notebook rendered to HTML and opened in headless Chromium.

nbdev builds the site from the notebooks as committed, with their saved outputs (`.ci/docs_outputs` makes them).
Quarto cannot be installed here, so each notebook is rendered with nbconvert instead, which shows the same
saved outputs. Fails when a notebook saved an error, when a page that should show pictures shows none, or when a
picture does not load, when a saved picture is over 300 KB or the notebooks over 15 MB, when an
output shows a temporary or home path; writes screenshots of the top of every page and of its first picture.

Usage: python .ci/docs_check.py [--out DIR] [--chromium /usr/bin/chromium]"""
import argparse, json, re, sys, tempfile
from pathlib import Path

root = Path(__file__).resolve().parent.parent
NO_PICTURES = {'00a_files', '00b_devices', '00c_testing', '00d_cli', '03a_distributed', '04a_checkpoints', '06_sources', '06_temporal',
               '06d_batch', '06e_export', '10_fixtures', '99_docs_check', 'index'}  # pages of text and tests

MAX_PICTURE, MAX_NBS = 300_000, 15_000_000  # bytes: one saved picture, all notebooks under nbs/
LEAKS = re.compile(r'/tmp/tmp\w+|/home/\w+|/root/|/work/|/Users/\w+')  # temp and home paths: machine- and run-specific

def saved_problems(nb:dict)->list[str]:
    "Saved pictures over MAX_PICTURE, and text outputs that embed a temporary or home path"
    bad = []
    for i, c in enumerate(nb['cells']):
        for o in c.get('outputs', []):
            data = o.get('data', {})
            for k in (k for k in data if k.startswith('image/')):
                if len(''.join(data[k])) * 3 // 4 > MAX_PICTURE: bad.append(f"cell {i}: a {k} picture over {MAX_PICTURE // 1000} KB")
            texts = [''.join(o.get('text', ''))] + [''.join(v) for k, v in data.items() if k.startswith('text/')]
            if m := next((LEAKS.search(t) for t in texts if LEAKS.search(t)), None): bad.append(f"cell {i}: a machine path ({m.group()})")
    return bad

def saved_errors(nb:dict)->list[str]:
    "Outputs that show an error: an error output, or a traceback printed to a stream"
    bad = []
    for i, c in enumerate(nb['cells']):
        for o in c.get('outputs', []):
            text = ''.join(o.get('text', '')) if o.get('output_type') == 'stream' else ''
            if o.get('output_type') == 'error' or 'Traceback (most recent call last)' in text: bad.append(f"cell {i}: {o.get('ename') or text[:80]}")
    return bad

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--out', default=str(root/'docs_check')); p.add_argument('--chromium', default='/usr/bin/chromium')
    a = p.parse_args()
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    from nbconvert import HTMLExporter
    from playwright.sync_api import sync_playwright
    from chromium import launch
    pages = sorted([*(root/'nbs').glob('*.ipynb'), *(root/'nbs'/'tutorials').glob('*.ipynb')])
    html_dir, failures, rows = Path(tempfile.mkdtemp()), [], []
    exporter = HTMLExporter()
    with sync_playwright() as pw:
        browser = launch(pw, a.chromium)
        page = browser.new_page(viewport={'width': 1200, 'height': 1600})
        for nb_path in pages:
            name = nb_path.stem
            nb = json.loads(nb_path.read_text())
            if errs := saved_errors(nb): failures.append(f"{nb_path.relative_to(root)}: saved error output ({'; '.join(errs[:3])})")
            if probs := saved_problems(nb): failures.append(f"{nb_path.relative_to(root)}: {'; '.join(probs[:3])}")
            body, _ = exporter.from_filename(str(nb_path))
            html = html_dir/f'{name}.html'; html.write_text(body)
            page.goto(html.as_uri()); page.wait_for_load_state('load')
            imgs = page.eval_on_selector_all('.jp-OutputArea img, .output_area img',
                                             'els => els.map(e => [e.complete && e.naturalWidth > 0, e.naturalWidth])')
            shown = sum(ok for ok, _ in imgs)
            rows.append((str(nb_path.relative_to(root)), len(imgs), shown))
            if shown < len(imgs): failures.append(f"{nb_path.relative_to(root)}: {len(imgs) - shown} of {len(imgs)} pictures do not load")
            if name not in NO_PICTURES and not shown: failures.append(f"{nb_path.relative_to(root)}: the page shows no picture (run .ci/docs_outputs)")
            page.screenshot(path=str(out/f'{name}.png'))  # the top of the page
            if shown:  # and the first picture, in its place on the page
                page.locator('.jp-OutputArea img, .output_area img').first.scroll_into_view_if_needed()
                page.screenshot(path=str(out/f'{name}_picture.png'))
        browser.close()
    print(f"| {'page':<44} | pictures |\n|{'-' * 46}|{'-' * 10}|")
    for name, n, shown in rows: print(f"| {name:<44} | {shown:>8} |")
    size = sum(f.stat().st_size for f in pages)
    print(f"notebooks under nbs/: {size / 1e6:.1f} MB (limit {MAX_NBS / 1e6:.0f} MB); screenshots of the rendered pages: {out}")
    if size > MAX_NBS: failures.append(f"the notebooks under nbs/ take {size / 1e6:.1f} MB")
    for f in failures: print('FAILED:', f)
    sys.exit(1 if failures else 0)

if __name__ == '__main__': main()
