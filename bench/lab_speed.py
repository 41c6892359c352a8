"""RGB→LAB speed: scikit-image per image (the baseline) vs colorize_nbdev's batched torch `rgb_to_lab`.

Usage: python bench/lab_speed.py [--n 64] [--size 256] [--repeats 3]
Prints images/s for each and the ratio, on the same images in the same run."""
import argparse, time
import numpy as np, torch
from skimage import color, data, transform
from colorize_nbdev.color import rgb_to_lab

def images(n, size):
    photos = [data.astronaut(), data.coffee(), data.chelsea(), data.rocket()]
    out = [(transform.resize(photos[i % len(photos)], (size, size)) * 255).astype(np.uint8) for i in range(n)]
    return np.stack(out)

def best_of(f, repeats):
    f(); times = []
    for _ in range(repeats):
        t = time.perf_counter(); f(); times.append(time.perf_counter() - t)
    return min(times)

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--n', type=int, default=64); p.add_argument('--size', type=int, default=256)
    p.add_argument('--repeats', type=int, default=3)
    a = p.parse_args()
    ims = images(a.n, a.size)
    batch = torch.from_numpy(ims).permute(0, 3, 1, 2).float() / 255
    ref = np.stack([color.rgb2lab(im) for im in ims])
    err = (rgb_to_lab(batch).permute(0, 2, 3, 1).numpy() - ref).__abs__().max()
    rows = [('skimage rgb2lab, per image (baseline)', best_of(lambda: [color.rgb2lab(im) for im in ims], a.repeats)),
            (f'rgb_to_lab, batched fp32, {torch.get_num_threads()} threads', best_of(lambda: rgb_to_lab(batch), a.repeats))]
    if torch.cuda.is_available():
        gb = batch.cuda()
        def gpu(): rgb_to_lab(gb); torch.cuda.synchronize()
        rows.append(('rgb_to_lab, batched fp32, CUDA', best_of(gpu, a.repeats)))
    base = rows[0][1]
    print(f'{a.n} images at {a.size}px, best of {a.repeats}; max |ours - skimage| = {err:.2e}')
    print(f"| {'method':<44} | {'images/s':>9} | {'ratio':>6} |\n|{'-'*46}|{'-'*11}|{'-'*8}|")
    for name, t in rows: print(f'| {name:<44} | {a.n/t:>9.1f} | {base/t:>5.2f}x |')

if __name__ == '__main__': main()
