"""GAN training speed: colorize_nbdev's fastai loop vs a plain fp32 hand-written pix2pix loop (the baseline).

Both train the same generator (DynamicUnet on resnet18, random init) and PatchGAN critic on the same images
(the bundled sample photos), at the same size and batch size, on the same device, in the same run. The baseline
is written the way most colourisation tutorials write it: a Dataset converting each image with scikit-image's
rgb2lab in Python, fp32, default memory format, critic step then generator step (adversarial + 100*L1).
Each row is timed over --batches batches after --warmup batches of the same size, in --rounds alternating
rounds (baseline, ours, ..., baseline, ours, ...); the table gives the median, the spread and the ratio.

Below the table, the share of this CPU's (or GPU's) matmul peak each row reaches: its FLOPs (forward and backward of
both networks per batch, counted by torch's FlopCounterMode) per second, over the peak of a large square matmul in
the row's dtype, measured in the same run.

Usage: python bench/train_speed.py [--size 128] [--bs 8] [--batches 12] [--warmup 2] [--rounds 3] [--device cpu|cuda]"""
import argparse, time
import torch, torch.nn.functional as F
from fastai.callback.core import Callback, CancelFitException
from colorize_nbdev.data import sample_photos, lab_dls
from colorize_nbdev.models import generator, patch_critic
from colorize_nbdev.gan import colorize_learner
from colorize_nbdev.devices import native_bf16
from torch.utils.flop_counter import FlopCounterMode
from common import machine, scratch, alternate, table, SkimageLab

def sync(device):
    if device.type == 'cuda': torch.cuda.synchronize()

def baseline(files, size, bs, batches, warmup, device):
    torch.manual_seed(0)
    G, D = generator(pretrained=False, size=size).to(device), patch_critic().to(device)
    opt_g = torch.optim.Adam(G.parameters(), 2e-4, betas=(0.5, 0.999)); opt_d = torch.optim.Adam(D.parameters(), 2e-4, betas=(0.5, 0.999))
    bce = torch.nn.BCEWithLogitsLoss()
    dl = torch.utils.data.DataLoader(SkimageLab(files, size), batch_size=bs, shuffle=True, drop_last=True)
    G.train(); D.train(); n, t0 = 0, None
    while True:
        for L, ab in dl:
            if n == warmup: sync(device); t0 = time.perf_counter()
            L, ab = L.to(device), ab.to(device)
            fake = G(L)
            real_p, fake_p = D(torch.cat([L, ab], 1)), D(torch.cat([L, fake.detach()], 1))
            d_loss = (bce(real_p, torch.ones_like(real_p)) + bce(fake_p, torch.zeros_like(fake_p))) / 2
            opt_d.zero_grad(); d_loss.backward(); opt_d.step()
            for p in D.parameters(): p.requires_grad_(False)
            fake_p = D(torch.cat([L, fake], 1))
            g_loss = bce(fake_p, torch.ones_like(fake_p)) + 100 * F.l1_loss(fake, ab)
            opt_g.zero_grad(); g_loss.backward(); opt_g.step()
            for p in D.parameters(): p.requires_grad_(True)
            n += 1
            if n == warmup + batches: sync(device); return batches * bs / (time.perf_counter() - t0)

class Timer(Callback):
    "Time `batches` training batches after `warmup`, then stop"
    order = 100
    def __init__(self, batches, warmup): self.batches, self.warmup, self.n, self.t0 = batches, warmup, 0, None
    def before_batch(self):
        if self.training and self.n == self.warmup: sync(self.dls.device); self.t0 = time.perf_counter()
    def after_batch(self):
        if not self.training: return
        self.n += 1
        if self.n == self.warmup + self.batches:
            sync(self.dls.device); self.elapsed = time.perf_counter() - self.t0; raise CancelFitException()

def ours(files, size, bs, batches, warmup, precision, channels_last, device):
    torch.manual_seed(0)
    dls = lab_dls(files, size=size, bs=bs, device=device, num_workers=0, check=False, valid_pct=0.05)
    learn = colorize_learner(dls, pretrained=False, precision=precision, channels_last=channels_last, metrics=[])
    learn.remove_cb(learn.progress)
    timer = Timer(batches, warmup)
    learn.fit_gan(100, cbs=timer)
    return batches * bs / timer.elapsed

def gan_batch_flops(size, bs, device):
    "FLOPs of one GAN training batch (critic step + generator step, forward and backward), as the baseline loop runs it"
    G, D = generator(pretrained=False, size=size).to(device), patch_critic().to(device)
    L, ab = torch.randn(bs, 1, size, size, device=device), torch.rand(bs, 2, size, size, device=device)
    with FlopCounterMode(display=False) as fc:
        fake = G(L)
        (D(torch.cat([L, ab], 1)).mean() + D(torch.cat([L, fake.detach()], 1)).mean()).backward()
        (D(torch.cat([L, fake], 1)).mean() + F.l1_loss(fake, ab)).backward()
    return fc.get_total_flops()

def matmul_peak(dtype, device, n=2048, reps=8):
    "FLOP/s of an n x n matmul in `dtype` here: the best of `reps` (the ceiling convolutions lowered to GEMMs approach)"
    a, b = torch.randn(n, n, device=device, dtype=dtype), torch.randn(n, n, device=device, dtype=dtype)
    best = float('inf')
    for _ in range(reps + 1):
        sync(device); t = time.perf_counter(); a @ b; sync(device); best = min(best, time.perf_counter() - t)
    return 2 * n**3 / best

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--size', type=int, default=128); p.add_argument('--bs', type=int, default=8)
    p.add_argument('--batches', type=int, default=12); p.add_argument('--warmup', type=int, default=2)
    p.add_argument('--rounds', type=int, default=3)
    p.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    a = p.parse_args()
    device = torch.device(a.device)
    files = list(sample_photos(scratch()/'photos')) * 4
    run = lambda prec, cl: (lambda: ours(files, a.size, a.bs, a.batches, a.warmup, prec, cl, device))
    measures = {'plain fp32 loop, skimage per item (baseline)': lambda: baseline(files, a.size, a.bs, a.batches, a.warmup, device),
                'colorize_nbdev, fp32': run('fp32', False), 'colorize_nbdev, fp32 + channels_last': run('fp32', True)}
    half = 'fp16' if device.type == 'cuda' else 'bf16'
    if device.type == 'cuda' or native_bf16():
        measures[f'colorize_nbdev, {half} autocast + channels_last'] = run(half, True)
    where = f"{torch.cuda.get_device_name(device)}; {machine()}" if device.type == 'cuda' else machine()
    print(f"GAN training, {a.size}px, batch {a.bs}, {a.batches} timed batches after {a.warmup} warm-up, {a.rounds} rounds, {where}")
    med = table(alternate(measures, a.rounds))
    flops = gan_batch_flops(a.size, a.bs, device)
    half_dt = torch.bfloat16 if half == 'bf16' else torch.float16
    peaks = {dt: matmul_peak(dt, device) for dt in [torch.float32] + [half_dt] * (len(measures) > 3)}
    print(f"\nshare of the matmul peak ({flops / 1e9:.1f} GFLOP per batch of {a.bs}; peak of a 2048x2048 matmul here: "
          + ', '.join(f"{str(dt).split('.')[1]} {p / 1e9:.0f} GFLOP/s" for dt, p in peaks.items()) + ")")
    print(f"| {'':<46} | {'GFLOP/s':>8} | {'share of peak':>13} |\n|{'-' * 48}|{'-' * 10}|{'-' * 15}|")
    for k, v in med.items():
        dt = torch.float32 if 'fp32' in k else half_dt
        print(f"| {k:<46} | {v / a.bs * flops / 1e9:>8.1f} | {v / a.bs * flops / peaks[dt]:>12.1%} |")

if __name__ == '__main__': main()
