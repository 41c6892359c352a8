"""Data loading speed: colorize_nbdev's `lab_dls` vs the per-item scikit-image Dataset most tutorials write (the baseline).

Same images (CelebA-sized 178x218 JPEGs made from the bundled sample photos), same output size, batch size and run,
with 0 and 2 worker processes. A measurement is one full pass over the images, ending with normalised (L, ab)
batches, as a training loop receives them; rounds alternate between the loaders. Our loader converts to LAB once
per batch, in torch, on the device the batches go to, where the baseline calls rgb2lab (float64 numpy) once per
image on the CPU. With a GPU the rows measure `lab_dls` feeding it; without one, a row also measures the CPU's
share of that work (reading, resizing, flipping: everything but the LAB conversion), which is what a Colab or
Kaggle GPU waits for. The first line checks that both loaders give the same numbers on the same unflipped images.

Usage: python bench/data_speed.py [--n 256] [--size 256] [--bs 16] [--workers 0 2] [--rounds 3]"""
import argparse, time
from pathlib import Path
import torch
from PIL import Image
from fasttransform.transform import Pipeline
from colorize_nbdev.data import sample_photos, lab_dls
from common import machine, scratch, alternate, table, SkimageLab

def celeba_like(n:int, dest:Path)->list:
    "n JPEGs at CelebA's 178x218, made from the bundled sample photos"
    photos = sample_photos(dest/'photos'); files = []
    for i in range(n):
        f = dest/f'{i:06d}.jpg'; Image.open(photos[i % len(photos)]).convert('RGB').resize((178, 218)).save(f, quality=90)
        files.append(f)
    return files

def images_per_s(batches)->float:
    n, t = 0, time.perf_counter()
    for b in batches: n += len(b[0])
    if torch.cuda.is_available(): torch.cuda.synchronize()
    return n / (time.perf_counter() - t)

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--n', type=int, default=256); p.add_argument('--size', type=int, default=256)
    p.add_argument('--bs', type=int, default=16); p.add_argument('--workers', type=int, nargs='+', default=[0, 2])
    p.add_argument('--rounds', type=int, default=3)
    a = p.parse_args()
    files = celeba_like(a.n, scratch())
    ref = lab_dls(files, size=a.size, bs=a.bs, device='cpu', num_workers=0, check=False, valid_pct=0.1)
    L, ab = ref.valid.one_batch()
    base = [SkimageLab(ref.valid.items, a.size)[i] for i in range(len(L))]
    dL = max(float((L[i] - b[0]).abs().max()) * 50 for i, b in enumerate(base))
    dab = max(float((ab[i] - b[1]).abs().max()) * 110 for i, b in enumerate(base))
    measures, gpu = {}, torch.cuda.is_available()
    for w in a.workers:
        sk = torch.utils.data.DataLoader(SkimageLab(files, a.size), batch_size=a.bs, shuffle=True, drop_last=True, num_workers=w)
        ours = lab_dls(files, size=a.size, bs=a.bs, device='cpu', num_workers=w, check=False, valid_pct=0.001).train
        measures[f'skimage rgb2lab per item, {w} workers' + (' (baseline)' if not measures else '')] = lambda sk=sk: images_per_s(sk)
        measures[f'lab_dls (batched torch LAB), {w} workers'] = lambda ours=ours: images_per_s(ours)
        if not gpu:  # what the CPU does when the batches go to a GPU: everything but the batch transforms
            cpu_share = lab_dls(files, size=a.size, bs=a.bs, device='cpu', num_workers=w, check=False, valid_pct=0.001).train
            cpu_share.after_batch = Pipeline([])
            measures[f'lab_dls, CPU share when LAB runs on a GPU, {w} workers'] = lambda d=cpu_share: images_per_s(d)
        else:
            on_gpu = lab_dls(files, size=a.size, bs=a.bs, device='cuda', num_workers=w, check=False, valid_pct=0.001).train
            measures[f'lab_dls, LAB on {torch.cuda.get_device_name()}, {w} workers'] = lambda d=on_gpu: images_per_s(d)
    print(f"{a.n} CelebA-sized JPEGs -> {a.size}px (L, ab) batches of {a.bs}, CPU, {machine()}")
    res = alternate(measures, a.rounds)
    print(f"same images, same resize: max |ours - skimage| = {dL:.3f} L, {dab:.3f} ab (LAB units)")
    table(res)

if __name__ == '__main__': main()
