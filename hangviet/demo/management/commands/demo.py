"""`python -m hangviet demo`: migrate, load the demo data (idempotent), start the job worker and serve."""

from __future__ import annotations

import importlib
import importlib.util
import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

# Areas load in dependency order; each is hangviet/demo/<area>.py with load(stdout).
AREAS = ["foundation", "plans", "catalog", "events", "promotions", "complaints", "inspections", "retail"]


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (chạy lại không tạo trùng) và chạy HangViet tại http://127.0.0.1:PORT"

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Chỉ nạp dữ liệu mẫu, không chạy máy chủ")
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        if not settings.REDIS_URL:
            call_command("createcachetable", verbosity=0)
        self.stdout.write("Đang nạp dữ liệu mẫu…")
        for area in AREAS:
            module_name = f"hangviet.demo.{area}"
            if importlib.util.find_spec(module_name) is None:
                continue
            importlib.import_module(module_name).load(stdout=self.stdout)
        self._print_accounts(options)
        if options["no_serve"]:
            return
        call_command("collectstatic", interactive=False, verbosity=0)
        worker = subprocess.Popen([sys.executable, "-m", "hangviet", "run_huey", "--quiet"])
        try:
            call_command("runserver", f"{options['host']}:{options['port']}", use_reloader=False)
        finally:
            worker.send_signal(signal.SIGINT)
            worker.wait(timeout=10)

    def _print_accounts(self, options):
        from hangviet.demo.foundation import ACCOUNTS, DEMO_PASSWORD

        base = f"http://{options['host']}:{options['port']}"
        self.stdout.write(self.style.SUCCESS("\nHangViet đã sẵn sàng."))
        self.stdout.write(f"  Cổng thông tin công khai: {base}/")
        self.stdout.write(f"  Trang quản trị:           {base}/quan-tri/")
        self.stdout.write(f"  Tài liệu API:             {base}/api/v1/docs")
        self.stdout.write(f"\nTài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):")
        for username, full_name, role, agency in ACCOUNTS:
            self.stdout.write(f"  {username:<17} {str(role.label):<28} {agency or full_name}")
