"""Hint painter latency: the time from a click to the redrawn colourisation, next to the automatic Colorizer call.

A resnet18 hint model (random weights: speed does not depend on them) at network size --size colourises a photo
shown at --side pixels: the baseline is `Colorizer(photo)` without hints (what the result inspector does per
photo), then the same call with 5 hints, then `HintPainter.click` (hint placed, network, full-size colour, both
PNGs encoded). Prints the median seconds per update over --n updates in each of --rounds alternating rounds.

Usage: python bench/hint_latency.py [--size 256] [--side 384] [--n 10] [--rounds 3] [--precision auto]"""
import argparse, statistics, time
from PIL import Image
from colorize_nbdev.data import sample_photos
from colorize_nbdev.models import generator
from colorize_nbdev.inference import Colorizer
from colorize_nbdev.painter import HintPainter
from common import machine, scratch

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--size', type=int, default=256); p.add_argument('--side', type=int, default=384)
    p.add_argument('--n', type=int, default=10); p.add_argument('--rounds', type=int, default=3)
    p.add_argument('--precision', default='auto'); p.add_argument('--preview', type=int, default=64)
    a = p.parse_args()
    col = Colorizer(generator(pretrained=False, size=a.size, hints=True), size=a.size, device='cpu', precision=a.precision)
    photo = Image.open(sample_photos(scratch())[0]).convert('RGB')
    photo.thumbnail((a.side, a.side))
    w, h = photo.size
    hints = [(w * (i + 1) / 6, h * (i + 1) / 6, '#c0392b') for i in range(5)]
    plain, previewing = HintPainter(col, photo, max_side=a.side, preview=None), HintPainter(col, photo, max_side=a.side, preview=a.preview)
    clicks = iter(range(10**9))
    def click(painter, wait=False):  # alternately adds and removes a hint at one spot: each is one update
        painter.click(w / 3, h / 2) if next(clicks) % 2 == 0 else painter.click(w / 3 + 1, h / 2)
        if wait: painter.result  # the model's own size drawn too
    measures = {'Colorizer, automatic (baseline)': lambda: col(photo), 'Colorizer, 5 hints': lambda: col(photo, hints=hints),
                'HintPainter.click, no preview': lambda: click(plain),
                f'HintPainter.click, preview at {a.preview} px: first picture': lambda: click(previewing),
                f'HintPainter.click, then {a.size} px drawn': lambda: click(previewing, wait=True)}
    for f in measures.values(): f()  # warm-up
    res = {k: [] for k in measures}
    for r in range(a.rounds):
        for k, f in measures.items():
            t = []
            for _ in range(a.n):
                previewing.result  # nothing of the last update still running
                s = time.perf_counter(); f(); t.append(time.perf_counter() - s)
            res[k].append(statistics.median(t)); print(f"  round {r + 1}/{a.rounds}: {k}: {res[k][-1]:.3f} s", flush=True)
    print(f"{w}x{h} photo, network {a.size} px, precision {a.precision} ({col.dtype or 'fp32'}), {machine()}")
    base = statistics.median(res['Colorizer, automatic (baseline)'])
    width = max(map(len, res)) + 2
    print(f"| {'':<{width}} | {'s per update (median)':>21} | {'spread':>7} | {'ratio':>6} |\n|{'-' * (width + 2)}|{'-' * 23}|{'-' * 9}|{'-' * 8}|")
    for k, v in res.items():
        m = statistics.median(v)
        print(f"| {k:<{width}} | {m:>21.3f} | {100 * (max(v) - min(v)) / m:>6.1f}% | {m / base:>5.2f}x |")

if __name__ == '__main__': main()
