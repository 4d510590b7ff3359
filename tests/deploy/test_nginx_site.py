"""The shipped nginx site file is valid for Debian's nginx (`nginx -t`), with a throwaway certificate."""

import shutil
import subprocess

import pytest

from .servers import NGINX_DIR, require

pytestmark = pytest.mark.deploy


def test_the_site_file_and_its_proxy_settings_pass_nginx_t(tmp_path):
    require("nginx", shutil.which("nginx"), "install Debian's 'nginx' package (.ci/run does).")
    require("openssl", shutil.which("openssl"), "install Debian's 'openssl' package.")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-keyout", tmp_path / "key.pem", "-out", tmp_path / "cert.pem"], check=True, capture_output=True)
    site = (NGINX_DIR / "clinic.conf").read_text()
    site = site.replace("/etc/nginx/snippets/clinic-proxy.conf", str(NGINX_DIR / "clinic-proxy.conf"))
    site = site.replace("/etc/letsencrypt/live/screening.clinic.example/fullchain.pem", str(tmp_path / "cert.pem"))
    site = site.replace("/etc/letsencrypt/live/screening.clinic.example/privkey.pem", str(tmp_path / "key.pem"))
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\ninclude /etc/nginx/mime.types;\nclient_body_temp_path {tmp_path}/body;\n{site}\n}}\n")
    done = subprocess.run([shutil.which("nginx"), "-t", "-c", tmp_path / "nginx.conf", "-p", tmp_path,
                           "-e", tmp_path / "error.log"], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
