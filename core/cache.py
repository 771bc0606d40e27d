"""Django's Redis cache backend, made cheaper per call for the page cache's hits.

Django's client builds a new `redis.Redis` object for every cache operation, and with
redis-py 8 building one costs about 0.2 ms (it fills a table of a hundred response
callbacks): more than the round trip to Redis itself. The client is thread-safe and its
pool re-opens connections after a fork, so it is kept per pool.

`get_many` (the page cache's one MGET per hit) goes further: it sends MGET on a connection
of its own (one per thread, made with the pool's settings) and reads the reply, without
redis-py's pool and per-command machinery (retries, hooks, response callbacks), which cost
more than the command itself. Same command, same reply, same errors; after any error the
connection is dropped and the next call connects afresh. Keys are not checked for memcached's rules (Redis takes
any key), a per-character loop on every call. CACHE_URL=redis://... selects it.
"""

import os
import pickle
import threading

from django.core.cache.backends import redis as django_redis


class RedisSerializer(django_redis.RedisSerializer):
    """Django's format (an int as its digits, anything else pickled), read without first
    trying int() on every value: on a 30 KB page that failed attempt costs more than the
    unpickling itself."""

    def loads(self, data):
        if data[:1] == _PICKLE_START:
            # Only this site writes to its cache, as with Django's own backend.
            return pickle.loads(data)  # noqa: S301  # nosec B301
        return int(data)


# Every pickle of protocol 2 or later starts with the PROTO opcode; Django pickles with the
# highest protocol.
_PICKLE_START = pickle.PROTO


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._serializer = RedisSerializer(protocol=self._serializer.protocol)
        self._clients = {}
        self._local = threading.local()

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def get_many(self, keys):
        keys = list(keys)
        if not keys:
            return {}
        connection = self._reader()
        try:
            connection.send_command("MGET", *keys)
            values = connection.read_response()
        except BaseException:
            # A reply half read must never be met by the next call: start afresh.
            connection.disconnect()
            self._local.connection = None
            raise
        loads = self._serializer.loads
        return {
            key: loads(value) for key, value in zip(keys, values, strict=True) if value is not None
        }

    def _reader(self):
        """This thread's own connection for reads, made from the pool's settings (address,
        database, timeouts) and re-made in a forked child."""
        local = self._local
        connection = getattr(local, "connection", None)
        if connection is None or local.pid != os.getpid():
            connection = local.connection = self._get_connection_pool(False).make_connection()
            local.pid = os.getpid()
        return connection


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def validate_key(self, key):
        pass
