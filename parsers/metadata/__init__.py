"""Document metadata: council, committee, meeting, title and period from printed text."""
