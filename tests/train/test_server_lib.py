"""`ClusterSpec`, `Server` and `Session.reset`: TF 1.x's API, played inside one process.

Error types and messages, `as_dict` forms and the text and wire formats of
ClusterDef/ServerDef were checked against TensorFlow (compat.v1) while
writing, with TF 1.15's wording where TF 2 changed it (create_local_server's
job "local", InvalidArgumentError for a missing task).

Servers live for the whole test session (as in TF, where they never stop),
so every test uses host names of its own.
"""

import itertools

import numpy as np
import pytest

import tfvars as tf
from tfvars import session as session_lib
from tfvars import variables
from tfvars.framework.op_def_registry import apply_op
from tfvars.ops import state_ops
from tfvars.train.device_setter import replica_device_setter
from tfvars.train.server_lib import ClusterDef, ClusterSpec, JobDef, Server, ServerDef

_hosts = itertools.count()


@pytest.fixture
def host():
    """A function giving addresses no other test uses: host("ps", 0) -> "ps0.t12:2222"."""
    prefix = "t%d" % next(_hosts)
    return lambda job, index=0, port=2222: "%s%d.%s:%d" % (job, index, prefix, port)


# ClusterSpec.

def test_cluster_spec_dense_and_sparse_jobs():
    cluster = ClusterSpec({"ps": ["ps0:2222", "ps1:2222"], "worker": {1: "w1:2222", 3: "w3:2222"}, "e": []})
    assert cluster.jobs == ["ps", "worker", "e"]
    assert cluster.as_dict() == {"ps": ["ps0:2222", "ps1:2222"], "worker": {1: "w1:2222", 3: "w3:2222"}, "e": {}}
    assert cluster.num_tasks("worker") == 2 and cluster.num_tasks("e") == 0
    assert cluster.task_indices("worker") == [1, 3]
    assert cluster.job_tasks("worker") == [None, "w1:2222", None, "w3:2222"]
    assert cluster.job_tasks("ps") == ["ps0:2222", "ps1:2222"]
    assert cluster.task_address("worker", 3) == "w3:2222"
    assert bool(cluster) and not ClusterSpec({})


def test_cluster_spec_lookup_errors():
    cluster = ClusterSpec({"worker": {1: "w1:2222"}, "e": []})
    for method, args in [("num_tasks", ()), ("task_indices", ()), ("job_tasks", ()), ("task_address", (0,))]:
        with pytest.raises(ValueError, match=r"^No such job in cluster: 'nope'$"):
            getattr(cluster, method)("nope", *args)
    with pytest.raises(ValueError, match=r"^No task with index 0 in job 'worker'$"):
        cluster.task_address("worker", 0)
    with pytest.raises(ValueError, match=r"^No task with index '1' in job 'worker'$"):
        cluster.task_address("worker", "1")
    with pytest.raises(ValueError):  # as TF: max() of no tasks
        cluster.job_tasks("e")


@pytest.mark.parametrize("cluster, message", [
    (5, "`cluster` must be a dictionary mapping one or more job names to lists of network addresses, or a "
        "`ClusterDef` protocol buffer"),
    (None, "`cluster` must be a dictionary"),
    ([("a", ["x"])], "`cluster` must be a dictionary"),
    ({"a": "host:1"}, "The tasks for job 'a' must be a list or a dictionary from integers to strings."),
    ({1: ["x"]}, "Job name 1 must be bytes or unicode"),
    ({"a": [1]}, "Task address 1 must be bytes or unicode"),
    ({"a": {1: 2}}, "Task address 2 must be bytes or unicode"),
    ({"a": {"x": "h"}}, "'x' has type str"),
])
def test_cluster_spec_type_errors(cluster, message):
    with pytest.raises(TypeError) as info:
        ClusterSpec(cluster)
    assert str(info.value).startswith(message)


def test_cluster_spec_equality_and_copies():
    cluster = ClusterSpec({"worker": ["w0:1", "w1:1"], "ps": ["p:1"]})
    assert cluster == ClusterSpec(cluster) == ClusterSpec(cluster.as_cluster_def())
    assert ClusterSpec({"a": ["x"]}) == {"a": {0: "x"}}
    assert ClusterSpec({"a": ["x"]}) != {"a": ["x"]}       # as TF: compares the index maps
    assert cluster != ClusterSpec({"ps": ["p:1"]}) and cluster != 3
    assert ClusterSpec({"a": ("x", b"y")}).as_dict() == {"a": ["x", b"y"]}
    assert ClusterSpec({b"a": ["x"]}).jobs == [b"a"]
    with pytest.raises(TypeError):
        hash(cluster)


def test_cluster_spec_str_and_cluster_def_text_as_tf_prints_them():
    cluster = ClusterSpec({"ps": ["ps0:2222", "ps1:2222"], "worker": {1: "w1:2222", 3: "w3:2222"}, "e": []})
    assert str(cluster) == repr(cluster) == \
        "ClusterSpec({'e': {}, 'ps': ['ps0:2222', 'ps1:2222'], 'worker': {1: 'w1:2222', 3: 'w3:2222'}})"
    assert str(cluster.as_cluster_def()) == (
        'job {\n  name: "e"\n}\n'
        'job {\n  name: "ps"\n  tasks {\n    key: 0\n    value: "ps0:2222"\n  }\n'
        '  tasks {\n    key: 1\n    value: "ps1:2222"\n  }\n}\n'
        'job {\n  name: "worker"\n  tasks {\n    key: 1\n    value: "w1:2222"\n  }\n'
        '  tasks {\n    key: 3\n    value: "w3:2222"\n  }\n}\n')


def test_cluster_def_is_plain_data():
    cluster_def = ClusterSpec({"b": {2: "h:2"}, "a": [b"h:1"]}).as_cluster_def()
    assert isinstance(cluster_def, ClusterDef)
    assert [job.name for job in cluster_def.job] == ["a", "b"]
    assert cluster_def.job[1].tasks == {2: "h:2"} and cluster_def.job[0].tasks == {0: "h:1"}
    made = ClusterDef(job=[JobDef(name="a", tasks={0: "h:1"}), JobDef(name="b", tasks={2: "h:2"})])
    assert made == cluster_def
    assert ClusterSpec(made).as_dict() == {"a": ["h:1"], "b": {2: "h:2"}}


# Server.

def test_local_server_targets_and_server_def():
    first, second = Server.create_local_server(), Server.create_local_server()
    assert first.target.startswith("grpc://localhost:") and first.target != second.target
    assert str(first.server_def) == (
        'cluster {\n  job {\n    name: "local"\n    tasks {\n      key: 0\n      value: "localhost:0"\n    }\n'
        '  }\n}\njob_name: "local"\nprotocol: "grpc"\n')
    assert first.server_def.SerializeToString() == \
        b"\n\x1a\n\x18\n\x05local\x12\x0f\x08\x00\x12\x0blocalhost:0\x12\x05local*\x04grpc"


def test_cluster_server_target_is_its_task_address(host):
    cluster = ClusterSpec({"ps": [host("ps")], "worker": [host("worker", 0), host("worker", 1)]})
    server = Server(cluster, job_name="worker", task_index=1)
    assert server.target == "grpc://" + host("worker", 1)
    assert (server.server_def.job_name, server.server_def.task_index) == ("worker", 1)
    assert ClusterSpec(server.server_def.cluster) == cluster
    assert repr(server) == "<tf.train.Server grpc://%s (/job:worker/task:1, started)>" % host("worker", 1)


def test_one_job_and_one_task_are_implied(host):
    server = Server({"worker": {3: host("worker", 3)}})
    assert (server.server_def.job_name, server.server_def.task_index) == ("worker", 3)


def test_port_zero_gets_a_port_of_its_own(host):
    address = host("w", port=0)
    first, second = Server({"w": [address]}), Server({"w": [address]})
    assert first.target != second.target
    assert first.target.startswith("grpc://" + address[:-1])


@pytest.mark.parametrize("make, error, message", [
    (lambda h: Server(5), TypeError,
     "Could not convert `server_or_cluster_def` to a `tf.train.ServerDef` or `tf.train.ClusterSpec`."),
    (lambda h: Server({1: ["x:1"]}), TypeError, "Could not convert"),
    (lambda h: Server({"a": [h("a")], "b": [h("b")]}), ValueError, "Must specify an explicit `job_name`."),
    (lambda h: Server({"a": [h("a", 0), h("a", 1)]}), ValueError, "Must specify an explicit `task_index`."),
    (lambda h: Server({"a": [h("a")], "b": [h("b")]}, job_name="nope"), ValueError,
     "No such job in cluster: 'nope'"),
    (lambda h: Server({"a": [h("a")]}, job_name="nope", task_index=0), tf.errors.InternalError,
     'Job "nope" was not defined in cluster'),
    (lambda h: Server({"a": [h("a")]}, job_name="a", task_index=3), tf.errors.InvalidArgumentError,
     'Task 3 was not defined in job "a"'),
    (lambda h: Server({"a": ["noport"]}), tf.errors.InvalidArgumentError,
     'Could not parse port for local server from "noport"'),
    (lambda h: Server({"a": [h("a")]}, protocol="http"), tf.errors.NotFoundError,
     "No server factory registered for the given ServerDef: cluster {"),
])
def test_server_errors(host, make, error, message):
    with pytest.raises(error) as info:
        make(host)
    text = info.value.message if isinstance(info.value, tf.errors.OpError) else str(info.value)
    assert text.startswith(message)


def test_server_from_a_server_def_with_overrides(host):
    cluster = {"a": [host("a", 0), host("a", 1)]}
    original = Server(cluster, job_name="a", task_index=0, start=False)
    copy = Server(original.server_def, task_index=1, start=False)
    assert copy.target == "grpc://" + host("a", 1)
    assert original.server_def.task_index == 0
    assert Server(ServerDef(cluster=ClusterSpec(cluster).as_cluster_def(), job_name="a", task_index=1,
                            protocol="grpc"), start=False).target == copy.target


def test_sessions_connect_once_the_server_started():
    server = Server.create_local_server(start=False)
    with pytest.raises(tf.errors.UnavailableError):
        tf.Session(server.target)
    server.start()
    server.start()  # a no-op, as in TF
    tf.Session(server.target).close()


def test_join_returns_and_a_server_never_started_then_stops():
    server = Server.create_local_server()
    assert server.join() is None
    tf.Session(server.target).close()            # still serving
    stopped = Server.create_local_server(start=False)
    stopped.join()
    with pytest.raises(tf.errors.FailedPreconditionError, match="Server has stopped."):
        stopped.start()


def test_server_registers_its_resources_under_its_target():
    server = Server.create_local_server()
    assert session_lib._server_resources[server.target] is tf.Session(server.target)._resources


# Sharing values between sessions.

def test_two_sessions_on_one_server_share_a_variable():
    server = Server.create_local_server()
    v = variables.Variable(1.0, name="v")
    first, second = tf.Session(server.target), tf.Session(server.target)
    first.run(v.initializer)
    assert second.run(v) == 1.0
    second.run(v.assign(7.0))
    assert first.run(v) == 7.0
    assert tf.Session(server.target).run(v) == 7.0           # a session opened later too
    with pytest.raises(tf.errors.FailedPreconditionError, match="uninitialized value v"):
        tf.Session().run(v)                                   # a local session has its own
    with pytest.raises(tf.errors.FailedPreconditionError):
        tf.Session(Server.create_local_server().target).run(v)  # as has another server


def test_workers_of_one_cluster_see_the_ps_variables(host):
    cluster = ClusterSpec({"ps": [host("ps", 0), host("ps", 1)],
                           "worker": [host("worker", 0), host("worker", 1)]})
    workers = [Server(cluster, job_name="worker", task_index=i) for i in range(2)]
    with tf.device(replica_device_setter(cluster=cluster)):
        a = variables.Variable(np.arange(3.0, dtype=np.float32), name="a")
        b = variables.Variable(10.0, name="b")
        total = tf.reduce_sum(a) + b
    assert (a.device, b.device) == ("/job:ps/task:0", "/job:ps/task:1")
    chief, other = (tf.Session(worker.target) for worker in workers)
    chief.run([a.initializer, b.initializer])
    other.run(b.assign_add(5.0))
    assert chief.run(total) == other.run(total) == 18.0


def test_a_sparse_cluster_spec_reaches_the_same_servers(host):
    full = ClusterSpec({"ps": [host("ps")], "worker": [host("worker", 0), host("worker", 1)]})
    ps = Server(full, job_name="ps", task_index=0)
    worker1 = Server({"ps": [host("ps")], "worker": {1: host("worker", 1)}}, job_name="worker", task_index=1)
    v = variables.Variable(2.0)
    tf.Session(ps.target).run(v.initializer)
    assert tf.Session(worker1.target).run(v) == 2.0


def test_a_server_made_again_for_an_address_shares_its_resources(host):
    cluster = {"worker": [host("worker")]}
    v = variables.Variable(3.0)
    tf.Session(Server(cluster).target).run(v.initializer)
    assert tf.Session(Server(cluster).target).run(v) == 3.0


def test_a_cluster_naming_a_local_servers_port_reaches_it(host):
    local = Server.create_local_server()
    worker = Server({"local": [local.target[len("grpc://"):]], "worker": [host("worker")]}, job_name="worker")
    v = variables.Variable(4.0)
    tf.Session(local.target).run(v.initializer)
    assert tf.Session(worker.target).run(v) == 4.0


def test_a_cluster_bridging_two_running_clusters_is_refused(host):
    Server({"a": [host("a")]})
    Server({"b": [host("b")]})
    with pytest.raises(tf.errors.InvalidArgumentError, match="cannot merge them"):
        Server({"a": [host("a")], "b": [host("b")], "c": [host("c")]}, job_name="c")


# Session.reset.

def _variable_in(container, name, value):
    var = apply_op("VariableV2", shape=tf.TensorShape([]), dtype=tf.float32, container=container, name=name)
    return var.outputs[0], state_ops.assign(var.outputs[0], value).op


def test_reset_clears_every_container_and_ends_the_sessions_on_the_target():
    server = Server.create_local_server()
    v = variables.Variable([1.0, 2.0], name="v")
    first, second = tf.Session(server.target), tf.Session(server.target)
    first.run(v.initializer)
    tf.Session.reset(server.target)
    for ended in (first, second):
        with pytest.raises(tf.errors.AbortedError, match=r"Session [0-9a-f]{16} is not found\."):
            ended.run(v)
        with pytest.raises(tf.errors.AbortedError):
            ended.make_callable(v)()
    fresh = tf.Session(server.target)
    with pytest.raises(tf.errors.FailedPreconditionError, match="Attempting to use uninitialized value v"):
        fresh.run(v)
    fresh.run(v.initializer)
    np.testing.assert_array_equal(tf.Session(server.target).run(v), [1.0, 2.0])
    first.close()  # an ended session still closes quietly
    with pytest.raises(RuntimeError, match="closed Session"):
        first.run(v)


def test_reset_ends_no_local_session_and_no_session_of_another_target():
    server, other = Server.create_local_server(), Server.create_local_server()
    v = variables.Variable(1.0, name="v")
    local, elsewhere = tf.Session(), tf.Session(other.target)
    local.run(v.initializer)
    elsewhere.run(v.initializer)
    tf.Session.reset(server.target)
    assert local.run(v) == 1.0 and elsewhere.run(v) == 1.0


@pytest.mark.parametrize("containers, cleared", [
    (None, {"d", "x", "y"}),
    ([], {"d", "x", "y"}),
    (["c1"], {"x"}),
    ([b"c1", ""], {"x", "d"}),
    (["nothing"], set()),
])
def test_reset_named_containers(containers, cleared):
    server = Server.create_local_server()
    made = {"d": _variable_in("", "d", 1.0), "x": _variable_in("c1", "x", 2.0), "y": _variable_in("c2", "y", 3.0)}
    tf.Session(server.target).run([assign for _, assign in made.values()])
    tf.Session.reset(server.target, containers)
    session = tf.Session(server.target)
    for name, (ref, _) in made.items():
        if name in cleared:
            with pytest.raises(tf.errors.FailedPreconditionError):
                session.run(ref)
        else:
            assert session.run(ref) == {"d": 1.0, "x": 2.0, "y": 3.0}[name]


def test_reset_through_any_server_of_the_cluster(host):
    cluster = {"ps": [host("ps")], "worker": [host("worker")]}
    ps, worker = Server(cluster, job_name="ps"), Server(cluster, job_name="worker")
    v = variables.Variable(1.0)
    tf.Session(worker.target).run(v.initializer)
    tf.Session.reset(ps.target.encode())
    with pytest.raises(tf.errors.FailedPreconditionError):
        tf.Session(worker.target).run(v)


@pytest.mark.parametrize("target, error, message", [
    ("nonexistent", tf.errors.NotFoundError,
     'No session factory registered for the given session options: {target: "nonexistent"'),
    ("grpc://nowhere.example:1", tf.errors.UnavailableError, "No in-process server listens at target"),
    ("", tf.errors.UnimplementedError, "tfvars resets only the containers of in-process servers"),
])
def test_reset_errors(target, error, message):
    with pytest.raises(error) as info:
        tf.Session.reset(target, config=tf.ConfigProto())
    assert info.value.message.startswith(message)


def test_reset_of_a_server_not_started_is_unavailable():
    server = Server.create_local_server(start=False)
    with pytest.raises(tf.errors.UnavailableError):
        tf.Session.reset(server.target)
