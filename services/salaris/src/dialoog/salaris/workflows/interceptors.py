"""The tenant interceptor lives in the kit (dialoog.kit.temporal), so that every service's
workflows carry it; this name stays for salaris's imports."""

from dialoog.kit.temporal import HEADER, TenantInterceptor

__all__ = ["HEADER", "TenantInterceptor"]
