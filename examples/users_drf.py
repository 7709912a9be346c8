#!/usr/bin/env python3
"""examples/users_drf.py: the course's /rest/users service in Django REST framework.

Course topic: the same resources and methods as examples/users_server.cpp, the way a Django
course writes them: a serializer validates the body, a ViewSet maps list/create/retrieve/
update/destroy to GET/POST/GET/PUT/DELETE, a router makes the URLs. One file, no project or
database: users live in memory, as in the C++ version. docs/04-rest.md sets the two side by side.
Run: /usr/bin/python3 examples/users_drf.py --port 8994   (Debian 12: python3-djangorestframework)
"""
import argparse
import itertools
import sys
import threading

import django
from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="examples/users_drf.py: teaching only, nothing is signed",
    ALLOWED_HOSTS=["127.0.0.1", "localhost", "[::1]"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=["rest_framework"],
    MIDDLEWARE=[],
    REST_FRAMEWORK={
        # JSON in and out, as users_server: no browsable HTML page, no form bodies, no login.
        "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
        "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
        "DEFAULT_AUTHENTICATION_CLASSES": [],
        "DEFAULT_PERMISSION_CLASSES": [],
        "UNAUTHENTICATED_USER": None,
    },
)
django.setup()

from django.core.management import execute_from_command_line  # noqa: E402 (after setup)
from django.http import Http404  # noqa: E402
from rest_framework import routers, serializers, status, viewsets  # noqa: E402
from rest_framework.response import Response  # noqa: E402


class UserSerializer(serializers.Serializer):
    """A user: {"id": 1, "name": "Ada", "email": "ada@example.org"}; the client sends no id."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField()
    email = serializers.CharField()


class Users:
    """The in-memory store: users by id. runserver answers on threads, so a lock guards it."""

    def __init__(self):
        self.lock = threading.Lock()
        self.by_id = {}
        self.ids = itertools.count(1)

    def get(self, pk):
        with self.lock:
            user = self.by_id.get(int(pk)) if str(pk).isdigit() else None
        if user is None:
            raise Http404  # DRF answers 404 {"detail": "Not found."}
        return user


USERS = Users()


class UserViewSet(viewsets.ViewSet):
    """/rest/users: list (GET), create (POST); /rest/users/{id}: retrieve, update (PUT), destroy."""

    def list(self, request):
        with USERS.lock:
            return Response(list(USERS.by_id.values()))

    def create(self, request):
        data = UserSerializer(data=request.data)
        data.is_valid(raise_exception=True)  # 400 with a message per field
        with USERS.lock:
            user = {"id": next(USERS.ids), **data.validated_data}
            USERS.by_id[user["id"]] = user
        return Response(user, status=status.HTTP_201_CREATED, headers={"Location": f"/rest/users/{user['id']}"})

    def retrieve(self, request, pk=None):
        return Response(USERS.get(pk))

    def update(self, request, pk=None):
        user = USERS.get(pk)
        data = UserSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with USERS.lock:
            user.update(data.validated_data)
        return Response(user)

    def destroy(self, request, pk=None):
        user = USERS.get(pk)
        with USERS.lock:
            del USERS.by_id[user["id"]]
        return Response(status=status.HTTP_204_NO_CONTENT)


router = routers.SimpleRouter(trailing_slash=False)
router.register("rest/users", UserViewSet, basename="user")
urlpatterns = router.urls

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="The /rest/users service in Django REST framework.")
    parser.add_argument("--port", type=int, default=8994, help="port on 127.0.0.1 (default 8994)")
    port = parser.parse_args().port
    # Django's development server, in this process, without the autoreloader.
    execute_from_command_line([sys.argv[0], "runserver", "--noreload", f"127.0.0.1:{port}"])
