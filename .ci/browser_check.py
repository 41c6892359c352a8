"""Real-browser check of the widgets: JupyterLab or the classic Notebook on 127.0.0.1 + Chromium driven by Playwright.

`--ui lab` (JupyterLab 4, ipywidgets 8: the dev stack) or `--ui classic` (Notebook 6.5, ipywidgets 7.7.1: the widget
protocol Colab's front end speaks; run it with the Python of a virtualenv that has them). Starts the server with a
token on a free local port, opens a copy of nbs/09_widgets.ipynb and nbs/09a_painter.ipynb (as one notebook), runs all its cells,
asserts that the widgets rendered (sliders and images in the DOM), moves the result inspector's slider and asserts
that the shown image changed, clicks the hint painter's photo on a shape and asserts that the colourisation changed
around the click (pixels read back from the page), saves screenshots, and stops the server it started by its process id.

The notebook runs once: Run All is pressed when the kernel is connected, and if it started nothing in 30 s the
retry restarts the kernel first (JupyterLab's "Restart Kernel and Run All Cells"), so no cell can be queued twice.

Usage: python .ci/browser_check.py [--ui lab|classic] [--out DIR] [--chromium /usr/bin/chromium] [--timeout 900]"""
import argparse, json, os, re, secrets, shutil, signal, socket, subprocess, sys, tempfile, time, urllib.request
from pathlib import Path

root = Path(__file__).resolve().parent.parent

def free_port():
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

def wait_http(url, timeout):
    t = time.time()
    while time.time() - t < timeout:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200: return
        except Exception: time.sleep(0.5)
    raise TimeoutError(f"the Jupyter server did not answer at {url} within {timeout} s")

UI = {  # what differs between JupyterLab 4 (ipywidgets 8) and the classic Notebook 6.5 (ipywidgets 7)
    'lab': dict(server=['lab', '--LabApp.news_url=', '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate',
                        '--LabApp.extension_manager=readonly'], app='ServerApp', open='lab/tree/widgets.ipynb',
                prompt='.jp-InputPrompt', errors='.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"] pre, '
                '.jp-RenderedText[data-mime-type="application/vnd.jupyter.error"]', handle='.noUi-handle', track='.noUi-target'),
    'classic': dict(server=['notebook'], app='NotebookApp', open='notebooks/widgets.ipynb', prompt='.input_prompt',
                    errors='.output_error pre, .output_stderr pre', handle='.ui-slider-handle', track='.ui-slider'),
}

def runnable_copy(srcs:list, dst:Path):
    "The notebooks, one after the other, as a person opens them fresh: no saved outputs, without the cells nbdev_test skips"
    nbs = [json.loads(src.read_text()) for src in srcs]
    nb, skip = nbs[0], re.compile(r'^#\|\s*(docs|slow|gpu)\b', re.M)
    nb['cells'] = [c for n in nbs for c in n['cells'] if not (c['cell_type'] == 'code' and skip.search(''.join(c['source'])))]
    for c in nb['cells']:
        if c['cell_type'] == 'code':
            c['outputs'], c['execution_count'] = [], None
            # nbdev 2.4 cannot be imported beside fastcore 2 (Colab's stack): show_doc is documentation, not the check
            c['source'] = ''.join(c['source']).replace('from nbdev.showdoc import *',
                'try: from nbdev.showdoc import *\nexcept Exception: show_doc = lambda *a, **k: None')
    dst.write_text(json.dumps(nb))

PIXELS = """([img, x, y, r]) => {  // mean RGB of the (2r+1)^2 square around natural pixel (x, y) of an <img>
    const c = document.createElement('canvas'); c.width = img.naturalWidth; c.height = img.naturalHeight;
    const g = c.getContext('2d'); g.drawImage(img, 0, 0);
    const d = g.getImageData(x - r, y - r, 2 * r + 1, 2 * r + 1).data; const m = [0, 0, 0];
    for (let i = 0; i < d.length; i += 4) for (let k = 0; k < 3; k++) m[k] += d[i + k] / (d.length / 4);
    return m;
}"""

def check_hint_painter(page, out:Path):
    "Click the hint painter's photo where the notebook says a shape is; the colourisation must change there"
    said = page.get_by_text(re.compile(r'hint painter: click at \(\d+, \d+\)')).all_text_contents()
    found = [m for t in said if (m := re.search(r'click at \((\d+),\s*(\d+)\)', t))]  # (the first match may be a container)
    if not found:
        page.screenshot(path=str(out/'failed_hint_line.png'), full_page=True)
        raise AssertionError(f"the notebook's line 'hint painter: click at (x, y)' is not on the page ({len(said)} matches)")
    x, y = map(int, found[0].groups())
    photo, result = page.locator('img.hint-painter-input').first, page.locator('img.hint-painter-result').first
    status = page.locator('.widget-html', has_text='updated in').last
    photo.scroll_into_view_if_needed()
    before_src, before = result.get_attribute('src'), page.evaluate(PIXELS, [result.element_handle(), x, y, 3])
    box = photo.bounding_box()
    natural = photo.evaluate('e => [e.naturalWidth, e.naturalHeight]')
    page.mouse.click(box['x'] + (x + 0.5) * box['width'] / natural[0], box['y'] + (y + 0.5) * box['height'] / natural[1])
    t = time.time()
    while time.time() - t < 30 and result.get_attribute('src') == before_src: time.sleep(0.25)
    if result.get_attribute('src') == before_src:
        page.screenshot(path=str(out/'failed_hint_click.png'))
        raise AssertionError("clicking the hint painter's photo did not redraw the colourisation")
    time.sleep(0.5)
    after = page.evaluate(PIXELS, [result.element_handle(), x, y, 3])
    change = sum(abs(a - b) for a, b in zip(after, before))
    print(f"hint painter: clicked ({x}, {y}); mean RGB there {[round(v) for v in before]} -> {[round(v) for v in after]} "
          f"(change {change:.0f}); status '{status.inner_text()}' ({time.time() - t:.2f} s from click to picture)")
    assert '1 hint ' in status.inner_text(), status.inner_text()
    assert change > 30, f"the colourisation hardly changed where the hint was put: {before} -> {after}"
    photo.locator('xpath=../..').screenshot(path=str(out/'6_hint_painter_after_click.png'))

def open_and_run(page, ui:str, url:str, timeout:int, out:Path):
    "Open the notebook, wait for its kernel, run every cell once; returns when the last cell has run"
    u = UI[ui]
    page.goto(url)
    if ui == 'classic':
        page.wait_for_function('() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected()',
                               timeout=90_000)
        run_all = lambda: page.evaluate('() => Jupyter.notebook.execute_all_cells()')
        restart_and_run = lambda: page.evaluate('() => Jupyter.notebook.restart_run_all({confirm: false})')
    else:
        page.wait_for_selector('.jp-Notebook .jp-Cell', timeout=60_000)
        # the kernel is connected and idle: the status bar reads 'Python 3 (ipykernel) | Idle'. (The execution indicator's
        # tooltip says 'Kernel status: Idle' while the bar still reads '| Connecting'; Run All pressed then started
        # nothing in 3 of 4 CI runs, and the retry below cost 45 s each time.)
        page.locator('.jp-StatusBar-TextItem', has_text=re.compile(r'\|\s*Idle')).first.wait_for(timeout=90_000)
        dialog = page.locator('.jp-Dialog')
        if dialog.count():  # e.g. "Select Kernel": accept the default (the server's Python)
            print('dismissing dialog:', dialog.first.inner_text()[:120].replace('\n', ' '))
            dialog.locator('button.jp-mod-accept').first.click()
        news = page.locator('.jp-toast-button:text-is("No"), .jp-Notification-Toast button:text-is("No")')
        if news.count(): news.first.click()  # "notified about Jupyter news?": no (and no network)
        def menu(top, item):
            page.click(f'.lm-MenuBar-itemLabel:text-is("{top}")'); page.click(f'.lm-Menu-itemLabel:text-is("{item}")')
        run_all = lambda: menu('Run', 'Run All Cells')
        def restart_and_run():
            menu('Kernel', 'Restart Kernel and Run All Cells…')
            page.locator('.jp-Dialog button.jp-mod-accept').first.click()
    page.screenshot(path=str(out/'0_opened.png'))
    run_all()
    deadline, clicked, retried = time.time() + timeout, time.time(), False
    while time.time() < deadline:  # running cells show [*]; done when none do and the last cell has a number
        prompts = page.eval_on_selector_all(u['prompt'], 'els => els.map(e => e.textContent)')
        if prompts and not any('*' in p for p in prompts) and any(ch.isdigit() for ch in prompts[-1]): return
        if not retried and not any('*' in p or any(ch.isdigit() for ch in p) for p in prompts) and time.time() - clicked > 30:
            print("Run All started nothing in 30 s: restarting the kernel and running all (nothing can run twice)")  # seen in CI
            restart_and_run(); clicked, retried = time.time(), True
        time.sleep(2)
    page.screenshot(path=str(out/'failed_timeout.png'), full_page=True)
    raise TimeoutError(f"the widgets notebook did not finish within {timeout} s (cell prompts: {prompts})")

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--ui', choices=list(UI), default='lab')
    p.add_argument('--out', default=str(root/'browser_check')); p.add_argument('--chromium', default='/usr/bin/chromium')
    p.add_argument('--timeout', type=int, default=900)  # the notebook trains small models: minutes on a 2-core AVX2 CPU
    a = p.parse_args()
    u = UI[a.ui]
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp())
    runnable_copy([root/'nbs'/'09_widgets.ipynb', root/'nbs'/'09a_painter.ipynb'], work/'widgets.ipynb')  # the painter's own page after
    port, token, t0 = free_port(), secrets.token_hex(16), time.time()
    env = {**os.environ, 'JUPYTER_CONFIG_DIR': str(work/'.jupyter'), 'MPLBACKEND': 'module://matplotlib_inline.backend_inline',
           'VIRTUAL_ENV': sys.prefix}  # the kernel's IPython would put an activated virtualenv's packages (another stack's) first
    token_flag = '--IdentityProvider.token' if a.ui == 'lab' else '--NotebookApp.token'
    root_flag = '--ServerApp.root_dir' if a.ui == 'lab' else '--NotebookApp.notebook_dir'
    server = subprocess.Popen([sys.executable, '-m', 'jupyter', *u['server'], '--no-browser', '--ip', '127.0.0.1', f'--port={port}',
                               f'{token_flag}={token}', f'{root_flag}={work}', '--allow-root'],
                              stdout=open(out/'jupyter.log', 'w'), stderr=subprocess.STDOUT, env=env, start_new_session=True)
    print(f"{'JupyterLab' if a.ui == 'lab' else 'classic Notebook'} pid {server.pid} on 127.0.0.1:{port}")
    try:
        wait_http(f'http://127.0.0.1:{port}/api/status?token={token}', 60)
        from playwright.sync_api import sync_playwright
        from chromium import launch
        with sync_playwright() as pw:
            browser = launch(pw, a.chromium)
            page = browser.new_page(viewport={'width': 1400, 'height': 1000})
            open_and_run(page, a.ui, f'http://127.0.0.1:{port}/{u["open"]}?token={token}', a.timeout, out)
            errors = page.eval_on_selector_all(u['errors'], 'els => els.map(e => e.textContent)')
            tracebacks = [e for e in errors if 'Traceback' in e or 'Error' in e.split('\n')[0]]
            if tracebacks: raise AssertionError("a cell failed in the browser:\n" + tracebacks[0][-2000:])
            sliders = page.locator('.widget-slider')
            images = page.locator('img.widget-image, .widget-image')
            n_sliders, n_images = sliders.count(), images.count()
            print(f"rendered: {n_sliders} sliders, {n_images} image widgets")
            assert n_sliders >= 2 and n_images >= 7, (n_sliders, n_images)  # inspector: picture + histograms; hint painter: 2; data inspector; dashboard: curves + samples
            first_slider = sliders.first
            first_slider.scroll_into_view_if_needed()
            box = page.locator('.widget-vbox').first
            inspector_img = box.locator('img').first
            before = inspector_img.get_attribute('src')
            page.screenshot(path=str(out/'1_notebook_top.png'))
            box.screenshot(path=str(out/'2_result_inspector_before.png'))
            def changed(timeout):
                t = time.time()
                while time.time() - t < timeout and inspector_img.get_attribute('src') == before: time.sleep(0.5)
                return inspector_img.get_attribute('src') != before
            handle = first_slider.locator(u['handle']).first
            handle.click(); page.keyboard.press('ArrowRight'); page.keyboard.press('ArrowRight')  # keyboard, as a person might
            if not changed(15):  # or with the mouse: a click on the track near its right end
                track = first_slider.locator(u['track']).first.bounding_box()
                page.mouse.click(track['x'] + 0.9 * track['width'], track['y'] + track['height'] / 2)
            if not changed(60):
                page.screenshot(path=str(out/'failed_slider.png'))
                raise AssertionError("moving the slider did not change the shown image")
            time.sleep(1)
            box.screenshot(path=str(out/'3_result_inspector_after_slider.png'))
            page.locator('.widget-vbox').nth(1).scroll_into_view_if_needed()
            page.screenshot(path=str(out/'4_data_inspector.png'))
            check_hint_painter(page, out)
            page.screenshot(path=str(out/'5_full_page.png'), full_page=True)
            browser.close()
        print(f"browser check ({a.ui}) passed in {time.time() - t0:.0f} s; screenshots in {out}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try: server.wait(20)
        except subprocess.TimeoutExpired: os.killpg(server.pid, signal.SIGKILL)
        shutil.rmtree(work, ignore_errors=True)

if __name__ == '__main__': main()
