from django.core.management.base import BaseCommand

from hangviet.places.loader import load_all


class Command(BaseCommand):
    help = "Nạp 34 tỉnh/thành, 3.321 xã/phường hiện nay và các đơn vị hành chính cũ (chạy lại không tạo trùng)"

    def handle(self, *args, **options):
        counts = load_all()
        self.stdout.write(f"{counts['provinces']} tỉnh/thành, {counts['communes']} xã/phường; "
                          f"{counts['historical_created']} đơn vị cũ mới thêm.")
