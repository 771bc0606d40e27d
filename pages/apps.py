from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Content"

    def ready(self):
        from core.content import register_site_content_loader
        from core.demo import register_demo_loader
        from core.page_cache import register_page, register_scope
        from core.roles import CONTENT_EDITOR, grant_app_to_role

        # Any content change (a page, a document, a contact, an alert...) retires every
        # cached page that shows content.
        register_scope("content", models=list(self.get_models()))
        register_page("pages:home", scopes=["content"])
        register_page("pages:page", scopes=["content"])
        # Search results and the sitemap also list training courses (training's scope).
        register_page("pages:search", scopes=["content", "training"], params=["q", "page"])
        register_page("pages:sitemap", scopes=["content", "training"], params=["p"])
        # After training's: the demo testimonials link to the demo courses.
        grant_app_to_role(CONTENT_EDITOR, app_label=self.label)
        register_demo_loader("pages.demo", order=20)
        # The site's own words from content/ (after training's courses, which testimonials name).
        register_site_content_loader("pages.site_content", order=20)
