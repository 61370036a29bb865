"""The shared vocabulary every layer speaks, with no dependency on any other zorgbot package.

Messages and replies, command and argument declarations, i18n, roles, the clock, the knowledge
loader, case-code parsing and the access and privacy policy. Nothing here touches the database
or a transport, so anything above may import it and it imports nothing above.
"""
