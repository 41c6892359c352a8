"""Real-browser check of the widgets: JupyterLab headless on 127.0.0.1 + Debian's Chromium driven by Playwright.

Starts `jupyter lab` with a token on a free local port, opens a copy of nbs/09_widgets.ipynb, runs all its cells,
asserts that the widgets rendered (sliders and images in the DOM), moves the result inspector's slider and asserts
that the shown image changed, saves screenshots, and stops the server it started by its process id.

Usage: python .ci/browser_check.py [--out DIR] [--chromium /usr/bin/chromium] [--timeout 420]"""
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
    raise TimeoutError(f"JupyterLab did not answer at {url} within {timeout} s")

def runnable_copy(src:Path, dst:Path):
    "The notebook as a person opens it fresh: no saved outputs, and without the cells nbdev_test skips (docs, slow, gpu)"
    nb = json.loads(src.read_text())
    skip = re.compile(r'^#\|\s*(docs|slow|gpu)\b', re.M)
    nb['cells'] = [c for c in nb['cells'] if not (c['cell_type'] == 'code' and skip.search(''.join(c['source'])))]
    for c in nb['cells']:
        if c['cell_type'] == 'code': c['outputs'], c['execution_count'] = [], None
    dst.write_text(json.dumps(nb))

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--out', default=str(root/'browser_check')); p.add_argument('--chromium', default='/usr/bin/chromium')
    p.add_argument('--timeout', type=int, default=420)
    a = p.parse_args()
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp())
    runnable_copy(root/'nbs'/'09_widgets.ipynb', work/'widgets.ipynb')
    port, token, t0 = free_port(), secrets.token_hex(16), time.time()
    env = {**os.environ, 'JUPYTER_CONFIG_DIR': str(work/'.jupyter'), 'MPLBACKEND': 'module://matplotlib_inline.backend_inline'}
    server = subprocess.Popen([sys.executable, '-m', 'jupyter', 'lab', '--no-browser', '--ip', '127.0.0.1', f'--port={port}',
                               f'--IdentityProvider.token={token}', f'--ServerApp.root_dir={work}',
                               '--LabApp.news_url=', '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate',
                               '--LabApp.extension_manager=readonly', '--allow-root'],
                              stdout=open(out/'jupyter.log', 'w'), stderr=subprocess.STDOUT, env=env, start_new_session=True)
    print(f"JupyterLab pid {server.pid} on 127.0.0.1:{port}")
    try:
        wait_http(f'http://127.0.0.1:{port}/api/status?token={token}', 60)
        from playwright.sync_api import sync_playwright
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=a.chromium, headless=True, args=[
                '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
                '--disable-component-update', '--disable-sync'])
            page = browser.new_page(viewport={'width': 1400, 'height': 1000})
            page.goto(f'http://127.0.0.1:{port}/lab/tree/widgets.ipynb?token={token}')
            page.wait_for_selector('.jp-Notebook .jp-Cell', timeout=60_000)
            page.get_by_text('Idle').first.wait_for(state='attached', timeout=90_000)  # the kernel has started
            page.screenshot(path=str(out/'0_opened.png'))
            dialog = page.locator('.jp-Dialog')
            if dialog.count():  # e.g. "Select Kernel": accept the default (the server's Python)
                print('dismissing dialog:', dialog.first.inner_text()[:120].replace('\n', ' '))
                dialog.locator('button.jp-mod-accept').first.click()
            news = page.locator('.jp-toast-button:text-is("No"), .jp-Notification-Toast button:text-is("No")')
            if news.count(): news.first.click()  # "notified about Jupyter news?": no (and no network)
            page.click('.lm-MenuBar-itemLabel:text-is("Run")')
            page.click('.lm-Menu-itemLabel:text-is("Run All Cells")')
            deadline = time.time() + a.timeout
            while time.time() < deadline:  # running cells show [*]; done when none do and the last cell has a number
                prompts = page.eval_on_selector_all('.jp-InputPrompt', 'els => els.map(e => e.textContent)')
                if prompts and not any('*' in p for p in prompts) and any(ch.isdigit() for ch in prompts[-1]): break
                time.sleep(2)
            else: raise TimeoutError(f"the widgets notebook did not finish within {a.timeout} s")
            errors = page.eval_on_selector_all('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"] pre, .jp-RenderedText[data-mime-type="application/vnd.jupyter.error"]',
                                               'els => els.map(e => e.textContent)')
            tracebacks = [e for e in errors if 'Traceback' in e or 'Error' in e.split('\n')[0]]
            if tracebacks: raise AssertionError("a cell failed in the browser:\n" + tracebacks[0][-2000:])
            sliders = page.locator('.widget-slider')
            images = page.locator('img.widget-image, .widget-image')
            n_sliders, n_images = sliders.count(), images.count()
            print(f"rendered: {n_sliders} sliders, {n_images} image widgets")
            assert n_sliders >= 2 and n_images >= 5, (n_sliders, n_images)  # inspector: picture + histograms; data inspector; dashboard: curves + samples
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
            handle = first_slider.locator('.noUi-handle').first
            handle.click(); page.keyboard.press('ArrowRight'); page.keyboard.press('ArrowRight')  # keyboard, as a person might
            if not changed(15):  # or with the mouse: a click on the track near its right end
                track = first_slider.locator('.noUi-target').first.bounding_box()
                page.mouse.click(track['x'] + 0.9 * track['width'], track['y'] + track['height'] / 2)
            if not changed(60):
                page.screenshot(path=str(out/'failed_slider.png'))
                raise AssertionError("moving the slider did not change the shown image")
            time.sleep(1)
            box.screenshot(path=str(out/'3_result_inspector_after_slider.png'))
            page.locator('.widget-vbox').nth(1).scroll_into_view_if_needed()
            page.screenshot(path=str(out/'4_data_inspector.png'))
            page.screenshot(path=str(out/'5_full_page.png'), full_page=True)
            browser.close()
        print(f"browser check passed in {time.time() - t0:.0f} s; screenshots in {out}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try: server.wait(20)
        except subprocess.TimeoutExpired: os.killpg(server.pid, signal.SIGKILL)
        shutil.rmtree(work, ignore_errors=True)

if __name__ == '__main__': main()
