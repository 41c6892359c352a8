"""Inference speed and memory: eager fp32 (the baseline) vs colorize_nbdev's fast CPU paths, same run.

Colourises a folder of photos (the bundled samples, each resized to --size) with `Colorizer` end to end
(reading, network, full-resolution output) for each backend, and reports images/s and the ratio to eager fp32,
plus the largest difference of the output pixels from fp32. Then measures the peak memory (max RSS of a fresh
process) of colourising one 6000x4000 photo.

Usage: python bench/infer_speed.py [--size 256] [--bs 8] [--n 32] [--model FILE] [--no-big]"""
import argparse, resource, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np, torch
from PIL import Image
from colorize_nbdev.data import sample_photos
from colorize_nbdev.models import generator, save_model
from colorize_nbdev.inference import Colorizer, export_model

def run(col, files, bs):
    outs, t = [], time.perf_counter()
    for i in range(0, len(files), bs): outs += col.colorize_many(files[i:i + bs])
    return len(files) / (time.perf_counter() - t), [np.asarray(o).astype(int) for o in outs]

BIG = """
import sys, numpy as np
from PIL import Image
from colorize_nbdev.inference import Colorizer
def status(k): return int(dict(l.split(':', 1) for l in open('/proc/self/status'))[k].split()[0]) / 2**20
col = Colorizer(sys.argv[1], device='cpu')
img = Image.fromarray(np.random.default_rng(0).integers(0, 256, (4000, 6000, 3), dtype=np.uint8))
open('/proc/self/clear_refs', 'w').write('5')  # reset the peak (VmHWM) to the current RSS
base = status('VmRSS')
out = col(img)
assert out.size == (6000, 4000)
print(base, status('VmHWM'))
"""

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--size', type=int, default=256); p.add_argument('--bs', type=int, default=8)
    p.add_argument('--n', type=int, default=32); p.add_argument('--model', default=None)
    p.add_argument('--no-big', action='store_true')
    a = p.parse_args()
    tmp = Path(tempfile.mkdtemp())
    model = a.model
    if model is None:
        torch.manual_seed(0); model = tmp/'model.safetensors'
        save_model(generator(pretrained=False, size=a.size), model, 'resnet18', a.size)
    photos = [f for f in sample_photos(tmp/'photos')]
    files = []
    for i in range(a.n):
        im = Image.open(photos[i % len(photos)]).convert('RGB').resize((a.size, a.size)); f = tmp/f'in{i}.png'; im.save(f); files.append(f)
    export_model(model, 'onnx', tmp/'model.onnx')
    backends = [('eager fp32 (baseline)', dict(model=model, precision='fp32')),
                ('ONNX Runtime fp32', dict(model=tmp/'model.onnx', precision='fp32')),
                ('eager bf16 autocast + channels_last', dict(model=model, precision='bf16'))]
    rows = []
    for name, kw in backends:
        col = Colorizer(kw['model'], device='cpu', precision=kw['precision'])
        col.colorize_many(files[:2])  # warm-up
        rows.append((name, *run(col, files, a.bs)))
    base, ref = rows[0][1], rows[0][2]
    print(f"{a.n} photos at {a.size}px, batch {a.bs}, CPU, {torch.get_num_threads()} threads, end to end (read, network, full-res output)")
    print(f"| {'backend':<38} | {'images/s':>8} | {'ratio':>6} | {'max |Δ| output (0-255)':>22} | {'mean |Δ|':>8} |")
    print(f"|{'-'*40}|{'-'*10}|{'-'*8}|{'-'*24}|{'-'*10}|")
    for name, v, outs in rows:
        d = np.concatenate([np.abs(o - r).ravel() for o, r in zip(outs, ref)])
        print(f"| {name:<38} | {v:>8.2f} | {v/base:>5.2f}x | {d.max():>22d} | {d.mean():>8.3f} |")
    if not a.no_big:
        r = subprocess.run([sys.executable, '-c', BIG, str(model)], capture_output=True, text=True)
        if r.returncode: print(r.stderr[-2000:]); sys.exit(1)
        before, peak = map(float, r.stdout.split()[-2:])
        print(f"6000x4000 photo: peak RSS while colourising {peak:.2f} GiB for the whole process "
              f"({before:.2f} GiB before it: Python, torch, the model and the decoded photo)")

if __name__ == '__main__': main()
