from django.db import models


class HomePage(models.Model):
    """The home page's editable introduction (the Content issue grows the page tree)."""

    title = models.CharField(max_length=120)
    summary = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.title
