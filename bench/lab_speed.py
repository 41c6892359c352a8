"""RGB→LAB speed: scikit-image per image (the baseline) vs colorize_nbdev's batched torch `rgb_to_lab`.

Rows that change one thing at a time, so each ratio says where the speed comes from: scikit-image on the uint8
images (it computes in float64: the baseline), scikit-image on float32 images (it keeps float32: same precision
as ours), ours batched on one thread (scikit-image and numpy use one), ours on all of torch's threads, and CUDA
when there is a GPU. Rounds alternate between the rows; the table gives medians, spread and ratios.

Usage: python bench/lab_speed.py [--n 64] [--size 256] [--rounds 5]"""
import argparse, time
import numpy as np, torch
from skimage import color, data, transform
from colorize_nbdev.color import rgb_to_lab
from common import machine, alternate, table

def images(n, size):
    photos = [data.astronaut(), data.coffee(), data.chelsea(), data.rocket()]
    out = [(transform.resize(photos[i % len(photos)], (size, size)) * 255).astype(np.uint8) for i in range(n)]
    return np.stack(out)

def rate(f, n):
    t = time.perf_counter(); f(); return n / (time.perf_counter() - t)

def on_threads(k, f):
    old = torch.get_num_threads(); torch.set_num_threads(k)
    try: return f()
    finally: torch.set_num_threads(old)

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--n', type=int, default=64); p.add_argument('--size', type=int, default=256)
    p.add_argument('--rounds', type=int, default=5)
    a = p.parse_args()
    ims = images(a.n, a.size); ims32 = ims.astype(np.float32) / 255
    batch = torch.from_numpy(ims).permute(0, 3, 1, 2).float() / 255
    ref = np.stack([color.rgb2lab(im) for im in ims])
    err = np.abs(rgb_to_lab(batch).permute(0, 2, 3, 1).numpy() - ref).max()
    n_threads = torch.get_num_threads()
    measures = {'skimage rgb2lab per image, uint8 in, float64 maths (baseline)': lambda: rate(lambda: [color.rgb2lab(im) for im in ims], a.n),
                f'skimage rgb2lab per image, float32 in ({color.rgb2lab(ims32[0]).dtype} maths)': lambda: rate(lambda: [color.rgb2lab(im) for im in ims32], a.n),
                'rgb_to_lab batched fp32, 1 thread': lambda: on_threads(1, lambda: rate(lambda: rgb_to_lab(batch), a.n)),
                f'rgb_to_lab batched fp32, {n_threads} threads': lambda: rate(lambda: rgb_to_lab(batch), a.n)}
    if torch.cuda.is_available():
        gb = batch.cuda()
        def gpu(): rgb_to_lab(gb); torch.cuda.synchronize()
        gpu(); measures[f'rgb_to_lab batched fp32, {torch.cuda.get_device_name()}'] = lambda: rate(gpu, a.n)
    for f in measures.values(): f()  # warm-up
    print(f'{a.n} images at {a.size}px, {a.rounds} rounds, {machine()}; max |ours - skimage| = {err:.2e}')
    table(alternate(measures, a.rounds))

if __name__ == '__main__': main()
