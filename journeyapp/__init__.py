"""journeyapp: map the buyer's journey with sales and marketing, and publish the playbook."""

__version__ = "0.1.0"
