#!/usr/bin/python3
"""A real RTSP server for camera tests: serves an MP4's H.264 track without re-encoding.

Uses GStreamer's gst-rtsp-server (Debian: gir1.2-gst-rtsp-server-1.0, python3-gi, gstreamer1.0-plugins-
{base,good,bad}). All clients share one live pipeline, started by the first client, paced in real time
like a camera; at the end of the file the stream ends (a test video of minutes outlasts any test).
Prints "READY <port>" when it accepts clients.

usage: rtsp_server.py --port N --mount /cam --file video.mp4 [--user U --password P]
"""
import argparse
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--mount", default="/cam")
    parser.add_argument("--file", required=True)
    parser.add_argument("--user")
    parser.add_argument("--password")
    args = parser.parse_args()

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))

    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(
        "( filesrc location=\"%s\" ! qtdemux ! h264parse config-interval=-1 "
        "! rtph264pay name=pay0 pt=96 config-interval=1 )" % args.file.replace('"', ''))
    factory.set_shared(True)

    if args.user:
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, "user")
        basic = GstRtspServer.RTSPAuth.make_basic(args.user, args.password or "")
        auth.add_basic(basic, token)
        server.set_auth(auth)
        permissions = GstRtspServer.RTSPPermissions()
        permissions.add_permission_for_role("user", GstRtspServer.RTSP_PERM_MEDIA_FACTORY_ACCESS, True)
        permissions.add_permission_for_role("user", GstRtspServer.RTSP_PERM_MEDIA_FACTORY_CONSTRUCT, True)
        factory.set_permissions(permissions)

    server.get_mount_points().add_factory(args.mount, factory)
    if server.attach(None) == 0:
        print("cannot listen on port %d" % args.port, file=sys.stderr, flush=True)
        sys.exit(1)
    print("READY %d" % args.port, flush=True)
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
