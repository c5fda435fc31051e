"""Card and UPI through a payment terminal: the adapter, its HTTP implementation, the durable
request record, the counter's service, and a terminal simulator (see docs/payment-terminals.md).
"""
