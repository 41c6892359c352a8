"""Inference speed and memory: eager fp32 (the baseline) vs colorize_nbdev's fast paths, same run.

Colourises a folder of photos (the bundled samples, each resized to --size) with `Colorizer` end to end
(reading, network, full-resolution output) for each backend, in --rounds alternating rounds after a warm-up
batch of the timed size, and reports the median images/s, the spread and the ratio to eager fp32, plus the
largest difference of the output pixels from fp32. On a CUDA machine the GPU rows are added. Then measures the
peak memory (max RSS of a fresh process) of colourising one 6000x4000 photo on the CPU.

Usage: python bench/infer_speed.py [--size 256] [--bs 8] [--n 32] [--rounds 3] [--model FILE] [--no-big]"""
import argparse, subprocess, sys, time
import numpy as np, torch
from PIL import Image
from colorize_nbdev.data import sample_photos
from colorize_nbdev.models import generator, save_model
from colorize_nbdev.inference import Colorizer
from colorize_nbdev.export import export_model
from colorize_nbdev.devices import native_bf16
from common import machine, scratch, alternate, table

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

def ort_threads(col)->str:
    n = col.net.session.get_session_options().intra_op_num_threads
    return f"ONNX Runtime {n} intra-op threads" if n else "ONNX Runtime intra-op threads: its default (one per physical core)"

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--size', type=int, default=256); p.add_argument('--bs', type=int, default=8)
    p.add_argument('--n', type=int, default=32); p.add_argument('--rounds', type=int, default=3)
    p.add_argument('--model', default=None); p.add_argument('--no-big', action='store_true')
    a = p.parse_args()
    tmp = scratch()
    model = a.model
    if model is None:
        torch.manual_seed(0); model = tmp/'model.safetensors'
        save_model(generator(pretrained=False, size=a.size), model, 'resnet18', a.size)
    photos = [f for f in sample_photos(tmp/'photos')]
    files = []
    for i in range(a.n):
        im = Image.open(photos[i % len(photos)]).convert('RGB').resize((a.size, a.size)); f = tmp/f'in{i}.png'; im.save(f); files.append(f)
    export_model(model, 'onnx', tmp/'model.onnx')
    backends = {'eager fp32, CPU (baseline)': Colorizer(model, device='cpu', precision='fp32'),
                'ONNX Runtime fp32, CPU': Colorizer(tmp/'model.onnx', device='cpu', precision='fp32')}
    if native_bf16():
        backends['eager bf16 autocast + channels_last, CPU'] = Colorizer(model, device='cpu', precision='bf16')
    if torch.cuda.is_available():
        backends['eager fp32, CUDA'] = Colorizer(model, device='cuda', precision='fp32')
        backends['eager fp16 autocast + channels_last, CUDA'] = Colorizer(model, device='cuda', precision='fp16')
    outputs = {}
    def measure(name, col):
        col.colorize_many(files[:a.bs])  # warm-up at the timed batch size
        outs, t = [], time.perf_counter()
        for i in range(0, len(files), a.bs): outs += col.colorize_many(files[i:i + a.bs])
        if col.device.type == 'cuda': torch.cuda.synchronize()
        rate = len(files) / (time.perf_counter() - t)
        outputs[name] = [np.asarray(o).astype(int) for o in outs]
        return rate
    print(f"{a.n} photos at {a.size}px, batch {a.bs}, end to end (read, network, full-res output), {a.rounds} rounds")
    print(f"CPU: {machine()}; {ort_threads(backends['ONNX Runtime fp32, CPU'])}"
          + (f"; GPU: {torch.cuda.get_device_name()}" if torch.cuda.is_available() else ''))
    table(alternate({name: (lambda name=name, col=col: measure(name, col)) for name, col in backends.items()}, a.rounds))
    ref = next(iter(outputs.values()))
    print(f"| {'backend':<44} | {'max |Δ| output (0-255)':>22} | {'mean |Δ|':>8} |\n|{'-'*46}|{'-'*24}|{'-'*10}|")
    for name, outs in outputs.items():
        d = np.concatenate([np.abs(o - r).ravel() for o, r in zip(outs, ref)])
        print(f"| {name:<44} | {d.max():>22d} | {d.mean():>8.3f} |")
    if not a.no_big:
        r = subprocess.run([sys.executable, '-c', BIG, str(model)], capture_output=True, text=True)
        if r.returncode: print(r.stderr[-2000:]); sys.exit(1)
        before, peak = map(float, r.stdout.split()[-2:])
        print(f"6000x4000 photo: peak RSS while colourising {peak:.2f} GiB for the whole process "
              f"({before:.2f} GiB before it: Python, torch, the model and the decoded photo)")

if __name__ == '__main__': main()
