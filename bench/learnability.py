"""Does training learn? A small model on synthetic shapes (colour is a function of shape) vs the grayscale
baseline and the (unreachable) truth, on held-out images.

Usage: python bench/learnability.py [--n 320] [--size 64] [--pre_epochs 15] [--gan_epochs 3]   (about 4 CPU minutes on 2 cores)
Prints ab-PSNR (dB, higher is better) and ΔCF (colourfulness gap to the truth, 0 is best) as a table."""
import argparse, tempfile, time
from colorize_nbdev.evaluation import learnability

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--n', type=int, default=320); p.add_argument('--size', type=int, default=64)
    p.add_argument('--bs', type=int, default=16)
    p.add_argument('--pre_epochs', type=int, default=15); p.add_argument('--gan_epochs', type=int, default=3)
    a = p.parse_args()
    t = time.time()
    r = learnability(tempfile.mkdtemp(), n=a.n, size=a.size, bs=a.bs, pre_epochs=a.pre_epochs, gan_epochs=a.gan_epochs)
    print(f"synthetic shapes: {a.n} images ({int(a.n * 0.8)} train / {a.n - int(a.n * 0.8)} valid), {a.size}px, "
          f"{a.pre_epochs} L1 + {a.gan_epochs} GAN epochs, {time.time() - t:.0f} s on CPU")
    print(f"| {'':<20} | {'ab-PSNR (dB)':>12} | {'ΔCF':>7} | {'CIEDE2000':>9} |\n|{'-'*22}|{'-'*14}|{'-'*9}|{'-'*11}|")
    for name, key in (('model', 'model'), ('grayscale baseline', 'gray')):
        m = r[key]; print(f"| {name:<20} | {m['ab_psnr']:>12.2f} | {m['cf_gap']:>7.2f} | {m['ciede2000']:>9.2f} |")
    print(f"| {'truth':<20} | {'inf':>12} | {0:>7.2f} | {0:>9.2f} |")
    print(f"margin over the baseline: {r['model']['ab_psnr'] - r['gray']['ab_psnr']:.2f} dB ab-PSNR")

if __name__ == '__main__': main()
