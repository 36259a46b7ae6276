using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace KaPlatform.DevIdentity.SignIn;

/// <summary>
/// The provider's plain sign-in page, in Chinese and English side by side: pick one of the demo people. There is no
/// password on purpose — this provider exists for local runs only and refuses to listen beyond loopback.
/// </summary>
public static class SignInPage
{
    public const string Path = "/account/sign-in";
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;

    private const string Css =
        "body{font-family:system-ui,'PingFang SC','Microsoft YaHei',sans-serif;margin:0;background:#f4f6f9;color:#1d2733}" +
        "main{max-width:28rem;margin:2rem auto;padding:1rem}h1{font-size:1.4rem}p{color:#4a5868}" +
        "button{display:block;width:100%;text-align:left;margin:.5rem 0;padding:.75rem 1rem;border:1px solid #c9d2dd;" +
        "border-radius:.5rem;background:#fff;font:inherit;cursor:pointer}button:hover{border-color:#2f6fde}small{color:#4a5868}";

    public static WebApplication MapSignInPage(this WebApplication app)
    {
        app.MapGet(Path, (string? returnUrl, IOptions<DevIdentityOptions> options) =>
            Results.Content(Render(SafeReturn(returnUrl), options.Value), "text/html; charset=utf-8"));
        app.MapPost(Path, SignInAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> SignInAsync(HttpContext http, IOptions<DevIdentityOptions> options)
    {
        var form = await http.Request.ReadFormAsync();
        var user = options.Value.People().FirstOrDefault(u => u.Id == form["userId"]);
        if (user is null)
        {
            return Results.BadRequest();
        }

        var identity = new ClaimsIdentity([new Claim("sub", user.Id), new Claim("name", user.Name)], Scheme);
        await http.SignInAsync(Scheme, new ClaimsPrincipal(identity));
        return Results.Redirect(SafeReturn(form["returnUrl"]));
    }

    /// <summary>Only back into this provider's authorization endpoint: never an open redirect.</summary>
    private static string SafeReturn(string? returnUrl) =>
        returnUrl is not null && returnUrl.StartsWith("/connect/authorize?", StringComparison.Ordinal) ? returnUrl : Path;

    private static string Render(string returnUrl, DevIdentityOptions options)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>登录 · Sign in — KaPlatform</title><style>").Append(Css).Append("</style></head><body><main>")
            .Append("<h1>KaPlatform 开发身份提供方<br><small>Development identity provider</small></h1>")
            .Append("<p>选择一位演示用户登录。仅供本地运行。<br><small>Choose a demo user to sign in as. Local runs only.</small></p>")
            .Append("<form method=\"post\" action=\"").Append(Path).Append("\">")
            .Append("<input type=\"hidden\" name=\"returnUrl\" value=\"").Append(WebUtility.HtmlEncode(returnUrl)).Append("\">");
        foreach (var user in options.People())
        {
            html.Append("<button type=\"submit\" name=\"userId\" value=\"").Append(WebUtility.HtmlEncode(user.Id))
                .Append("\" data-role=\"").Append(WebUtility.HtmlEncode(string.Join(' ', user.Roles))).Append("\"><strong>")
                .Append(WebUtility.HtmlEncode(user.Name)).Append("</strong><br><small>")
                .Append(WebUtility.HtmlEncode(string.Join(", ", user.Roles.Select(RoleLabel))))
                .Append(user.Region is null ? "" : " · " + WebUtility.HtmlEncode(user.Region)).Append("</small></button>");
        }

        return html.Append("</form></main></body></html>").ToString();
    }

    private static string RoleLabel(string role) => role switch
    {
        "admin" => "管理员 Admin",
        "sales_director" => "销售总监 Sales director",
        "key_account_manager" => "大客户经理 Key account manager",
        "sales_rep" => "销售代表 Sales rep",
        "finance" => "财务 Finance",
        "cs_manager" => "客户成功经理 Customer success manager",
        _ => role,
    };
}
