namespace KaPlatform.Opportunities.Api.Opportunities;

/// <summary>docs/product.md §2.2 stage table with default probabilities, in funnel order.</summary>
public static class Stages
{
    public const string Initiation = "initiation";
    public const string SolutionDesign = "solution_design";
    public const string DeepEngagement = "deep_engagement";
    public const string ProductConfirmation = "product_confirmation";
    public const string CommercialNegotiation = "commercial_negotiation";
    public const string Signing = "signing";
    public const string Won = "won";
    public const string Lost = "lost";

    public static readonly string[] Open = [Initiation, SolutionDesign, DeepEngagement, ProductConfirmation, CommercialNegotiation, Signing];

    /// <summary>The path a deal travels; lost leaves it at any point.</summary>
    public static readonly string[] Funnel = [.. Open, Won];

    public static readonly string[] Types = ["new_business", "renewal", "expansion"];

    public static int DefaultProbability(string stage) => stage switch
    {
        Initiation => 5,
        SolutionDesign => 10,
        DeepEngagement => 30,
        ProductConfirmation => 40,
        CommercialNegotiation => 70,
        Signing => 75,
        Won => 100,
        _ => 0,
    };

    public static int Rank(string stage) => Array.IndexOf(Funnel, stage);

    public static bool IsOpen(string stage) => Open.Contains(stage);
}
