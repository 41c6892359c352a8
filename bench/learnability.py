"""Does training learn? A small model on synthetic shapes (colour is a function of shape) vs the grayscale
baseline and the (unreachable) truth, on held-out images.

Usage: python bench/learnability.py [--n 320] [--size 64] [--pre_epochs 15] [--gan_epochs 3] [--min_margin DB]   (about 4 CPU minutes on 2 cores)
With --min_margin it exits 1 when the model's ab-PSNR margin over the baseline is smaller (.ci/run uses it).
Prints ab-PSNR (dB, higher is better) and ΔCF (colourfulness gap to the truth, 0 is best) as a table."""
import argparse, sys, time
from colorize_nbdev.evaluation import learnability
from common import scratch

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--n', type=int, default=320); p.add_argument('--size', type=int, default=64)
    p.add_argument('--bs', type=int, default=16)
    p.add_argument('--pre_epochs', type=int, default=15); p.add_argument('--gan_epochs', type=int, default=3)
    p.add_argument('--min_margin', type=float, default=None, help='fail (exit 1) below this ab-PSNR margin in dB')
    a = p.parse_args()
    t = time.time()
    r = learnability(scratch(), n=a.n, size=a.size, bs=a.bs, pre_epochs=a.pre_epochs, gan_epochs=a.gan_epochs)
    print(f"synthetic shapes: {a.n} images ({int(a.n * 0.8)} train / {a.n - int(a.n * 0.8)} valid), {a.size}px, "
          f"{a.pre_epochs} L1 + {a.gan_epochs} GAN epochs, {time.time() - t:.0f} s on CPU")
    print(f"| {'':<20} | {'ab-PSNR (dB)':>12} | {'ΔCF':>7} | {'CIEDE2000':>9} |\n|{'-'*22}|{'-'*14}|{'-'*9}|{'-'*11}|")
    for name, key in (('model', 'model'), ('grayscale baseline', 'grayscale_baseline')):
        m = r[key]; print(f"| {name:<20} | {m['ab_psnr']:>12.2f} | {m['cf_gap']:>7.2f} | {m['ciede2000']:>9.2f} |")
    print(f"| {'truth':<20} | {'inf':>12} | {0:>7.2f} | {0:>9.2f} |")
    margin = r['model']['ab_psnr'] - r['grayscale_baseline']['ab_psnr']
    print(f"margin over the baseline: {margin:.2f} dB ab-PSNR")
    if a.min_margin is not None and not margin > a.min_margin: sys.exit(f"FAILED: margin {margin:.2f} dB is not above {a.min_margin} dB")

if __name__ == '__main__': main()
