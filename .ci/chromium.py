"""How the CI's browser checks start Debian's Chromium: headless, quiet, with nothing fetched from the network"""

ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync']

def launch(pw, executable:str, *extra:str):
    "A headless Chromium from playwright `pw`, at `executable`, with the shared flags and any `extra`"
    return pw.chromium.launch(executable_path=executable, headless=True, args=ARGS + list(extra))
