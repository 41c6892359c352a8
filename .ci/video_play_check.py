"""Real-browser check of `colorize`'s video output: Chromium must play it.

Makes a test clip with sound (`sample_clip`), colourises it with the `colorize` command (an untrained network: this
checks the file, not the colour), opens the MP4 in Debian's Chromium through Playwright and asserts that the
browser can decode it (readyState), that it reports the input's duration and size, and that playback advances
without a media error. Also reports (without failing) whether Chromium plays the 4:4:4 file an odd-sized input gets.

Usage: python .ci/video_play_check.py [--chromium /usr/bin/chromium]"""
import argparse, shutil, sys, tempfile
from pathlib import Path
import torch
from playwright.sync_api import sync_playwright
from chromium import launch
from colorize_nbdev.models import generator, save_model
from colorize_nbdev._testing import run_cli
from colorize_nbdev.clips import sample_clip
from colorize_nbdev.video import video_info

STATE = """(() => { const v = document.getElementById('v');
  return {ready: v.readyState, duration: v.duration, width: v.videoWidth, height: v.videoHeight, time: v.currentTime,
          error: v.error && v.error.code} })()"""

def play(page, folder:Path, name:str)->tuple[dict, dict]:
    "(state once loaded, state after a second of playback) of `name` in a <video> element"
    (folder/'play.html').write_text(f'<video id=v src="{name}" muted></video>')
    page.goto(f'file://{folder}/play.html')
    page.wait_for_function("document.getElementById('v').readyState >= 2 || document.getElementById('v').error", timeout=15000)
    loaded = page.evaluate(STATE)
    page.evaluate("document.getElementById('v').play().catch(() => {})")
    page.wait_for_timeout(1000)
    return loaded, page.evaluate(STATE)

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--chromium', default='/usr/bin/chromium')
    a = p.parse_args()
    work = Path(tempfile.mkdtemp())
    try:
        torch.manual_seed(0)
        save_model(generator(pretrained=False, size=64), work/'model.safetensors', 'resnet18', 64)
        sample_clip(work/'reel.mov', 'pan', frames=36, size=(160, 96), audio=True)
        sample_clip(work/'odd.mp4', 'pan', frames=12, size=(95, 63))
        code, so, se = run_cli('colorize_nbdev.cli:colorize', f"{work/'reel.mov'} {work/'odd.mp4'} --model {work/'model.safetensors'} --out {work/'out'} --device cpu")
        if code: print(so, se); sys.exit("FAILED: colorize")
        info = video_info(work/'out'/'reel.mp4')
        with sync_playwright() as pw:
            browser = launch(pw, a.chromium, '--allow-file-access-from-files')
            page = browser.new_page()
            loaded, later = play(page, work/'out', 'reel.mp4')
            print(f"reel.mp4 in Chromium: loaded {loaded}, after 1 s of playback {later}")
            assert loaded['error'] is None and loaded['ready'] >= 2, "Chromium cannot decode the output"
            assert (loaded['width'], loaded['height']) == (info['width'], info['height']) == (160, 96), loaded
            assert abs(loaded['duration'] - 3.0) < 0.1, loaded
            assert later['error'] is None and later['time'] > 0.3, "playback does not advance"
            odd, _ = play(page, work/'out', 'odd.mp4')
            print(f"odd.mp4 (95x63, 4:4:4) in Chromium: {'plays' if odd['error'] is None and odd['ready'] >= 2 else 'does not play'} {odd}")
            browser.close()
        print("video play check: OK")
    finally: shutil.rmtree(work, ignore_errors=True)

if __name__ == '__main__': main()
