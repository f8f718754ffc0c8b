"""The crawl's item pipeline: a thin adapter from spider items to `crawler.outputs.recorder.Sink`.

Cleaning happens in the sink (through cleaners.stitch.clean_fetched), never in the spider."""

from __future__ import annotations

from crawler.crawl.records import ArticleItem, RejectItem

__all__ = ["ArticlePipeline"]


class ArticlePipeline:
    def __init__(self, crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler) -> ArticlePipeline:
        return cls(crawler)

    def process_item(self, item: ArticleItem | RejectItem) -> dict[str, str]:
        spider = self.crawler.spider
        sink = spider.ctx.sink
        if isinstance(item, RejectItem):
            sink.reject(item.url, item.reason, item.message, status=item.status)
        else:
            outcome = sink.article(item.url, item.pages, site_id=item.site, lastmod=item.lastmod)
            if outcome == "full" or sink.full:
                self._stop("max_articles")
        return {"url": item.url}

    def _stop(self, reason: str) -> None:
        engine = self.crawler.engine
        if engine is not None and not getattr(self, "_stopping", False):
            self._stopping = True
            from scrapy.utils.defer import deferred_from_coro

            deferred_from_coro(engine.close_spider_async(reason=reason))
