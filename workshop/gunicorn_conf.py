"""Gunicorn settings used by `workshop serve` (--config python:workshop.gunicorn_conf)."""


def post_worker_init(worker):
    """Start the periodic online backups inside the server process.

    Under the gevent worker the scheduler's thread is a greenlet (the standard library is
    monkey-patched by then) and each backup runs on a real thread (backup.py, db.off_loop).
    """
    app = worker.wsgi
    scheduler = getattr(app, "extensions", {}).get("rembuk_backups")
    if scheduler is not None and scheduler.start():
        app.logger.info(
            "online backups every %s min into %s/backups",
            app.config["BACKUP_INTERVAL_MINUTES"],
            app.instance_path,
        )
