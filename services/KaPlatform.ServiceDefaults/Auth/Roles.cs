namespace KaPlatform.ServiceDefaults.Auth;

/// <summary>The roles of docs/product.md §6, as they appear in the token's role claims.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string SalesDirector = "sales_director";
    public const string KeyAccountManager = "key_account_manager";
    public const string SalesRep = "sales_rep";
    public const string Finance = "finance";
    public const string CsManager = "cs_manager";

    public static readonly IReadOnlySet<string> All = new HashSet<string>
    {
        Admin, SalesDirector, KeyAccountManager, SalesRep, Finance, CsManager,
    };
}
