"""`python -m hangviet serve`: the production server (gunicorn; WhiteNoise serves static files)."""

import os
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Chạy máy chủ sản xuất (gunicorn) với cấu hình từ biến môi trường"

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")))
        parser.add_argument("--no-collectstatic", action="store_true")

    def handle(self, *args, **options):
        if not options["no_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        argv = [sys.executable, "-m", "gunicorn", "hangviet.wsgi:application", "--bind", options["bind"],
                "--workers", str(options["workers"]), "--threads", str(options["threads"]),
                "--access-logfile", "-", "--timeout", "60", "--graceful-timeout", "20", "--max-requests", "5000",
                "--max-requests-jitter", "500"]
        os.execv(sys.executable, argv)
