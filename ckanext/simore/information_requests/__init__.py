"""Information requests: questions the coordinators send institutions, and their validated answers."""
