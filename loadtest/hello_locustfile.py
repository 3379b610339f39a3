"""The same load (users, rate) against the bare "hello world" app."""

from locust import HttpUser, constant_throughput, task


class Visitor(HttpUser):
    wait_time = constant_throughput(2)

    @task
    def hello(self):
        self.client.get("/")
