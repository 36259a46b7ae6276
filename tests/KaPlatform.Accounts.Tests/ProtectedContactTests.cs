using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KaPlatform.ServiceDefaults.Auth;
using static KaPlatform.Accounts.Tests.AccountsFixture;

namespace KaPlatform.Accounts.Tests;

/// <summary>保护内线 (docs/product.md §8): a teammate outside confidentialTo never reads the protected person's text, through any route.</summary>
public sealed class ProtectedContactTests(AccountsFixture host) : IClassFixture<AccountsFixture>
{
    /// <summary>Every string anywhere in an answer: what a reader could see, whatever the shape.</summary>
    private static IEnumerable<string> Texts(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Texts(p.Value).Append(p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Texts),
        _ => [],
    };

    [Fact]
    public async Task A_teammate_outside_confidentialTo_never_sees_the_protected_contact_while_coverage_stays_the_same()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (ownerId, owner) = host.NewKam();
        var teammateId = Guid.NewGuid();
        var insiderId = Guid.NewGuid();
        var teammate = host.ClientFor(teammateId, Roles.SalesRep, "华东");
        var insider = host.ClientFor(insiderId, Roles.SalesRep, "华东");
        var account = await RegisterIdAsync(owner, "浙江移动宁波分公司", extra: new
        {
            team = new[] { new { userId = teammateId, role = "sales" }, new { userId = insiderId, role = "technical" } },
        });

        var ceo = (await PostAsync(owner, $"/api/accounts/{account}/stakeholders", new
        {
            name = "公开的总经理", title = "总经理", department = "总经理办公室", buyingRoles = new[] { "economic_buyer" }, influence = 5, stance = "supporter",
            relationshipCloseness = 60, solutionAcceptance = 60, priceAcceptance = 60,
        })).GetProperty("id").GetGuid();
        string[] secrets = ["王内线" + tag, "信息部副主任" + tag, "机要信息部" + tag, "私下微信" + tag, "年底晋升" + tag, "内线透露预算" + tag, "内线笔记" + tag];
        var coachBody = await PostAsync(owner, $"/api/accounts/{account}/stakeholders", new
        {
            name = secrets[0], title = secrets[1], department = secrets[2], buyingRoles = new[] { "coach" }, influence = 3, stance = "ally",
            relationshipCloseness = 90, solutionAcceptance = 80, priceAcceptance = 70, behaviorStyle = "amiable", preferences = secrets[3],
            interestsAtStake = secrets[4], confidential = true, confidentialTo = new[] { insiderId },
        });
        var coach = coachBody.GetProperty("id").GetGuid();
        Assert.True(coachBody.GetProperty("confidential").GetBoolean());
        await PostAsync(owner, $"/api/accounts/{account}/interactions", new
        {
            kind = "meeting", occurredAt = DateTimeOffset.UtcNow.AddDays(-3), stakeholderIds = new[] { coach }, summary = secrets[5], topics = new[] { "预算" },
        });
        await PostAsync(owner, $"/api/accounts/{account}/interactions", new
        {
            kind = "visit", occurredAt = DateTimeOffset.UtcNow.AddDays(-2), stakeholderIds = new[] { ceo }, summary = "拜访总经理" + tag,
        });
        await PostAsync(owner, $"/api/accounts/{account}/influence-links", new { fromId = coach, toId = ceo, kind = "trusted_advisor", strength = 2, note = secrets[6] });

        string[] routes =
        [
            $"/api/accounts/{account}/stakeholders",
            $"/api/accounts/{account}/stakeholders?includeDeparted=true",
            $"/api/accounts/{account}/stakeholders/{coach}",
            $"/api/accounts/{account}/stakeholders/{coach}/history",
            $"/api/accounts/{account}/power-map",
            $"/api/accounts/{account}/engagement",
            $"/api/accounts/{account}/interactions",
            $"/api/accounts/{account}/influence-links",
            "/api/interactions",
        ];
        foreach (var route in routes)
        {
            var seen = Texts(await GetAsync(teammate, route)).ToList();
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(seen, s => s.Contains(secret, StringComparison.Ordinal));
            }

            // The owner and the user in confidentialTo read the person.
            var ownerText = string.Join('\n', Texts(await GetAsync(owner, route)));
            var insiderText = string.Join('\n', Texts(await GetAsync(insider, route)));
            if (!route.EndsWith("/history", StringComparison.Ordinal) && !route.EndsWith("/influence-links", StringComparison.Ordinal))
            {
                Assert.True(ownerText.Contains(secrets[0], StringComparison.Ordinal) || ownerText.Contains(secrets[5], StringComparison.Ordinal), route);
                Assert.True(insiderText.Contains(secrets[0], StringComparison.Ordinal) || insiderText.Contains(secrets[5], StringComparison.Ordinal), route);
            }
        }

        // Searches never match the protected text for the teammate; for the owner they do.
        foreach (var (query, secret) in new[]
                 {
                     ($"/api/accounts/{account}/stakeholders?q=", secrets[0]), ($"/api/accounts/{account}/interactions?q=", secrets[5]),
                     ("/api/interactions?q=", secrets[5]),
                 })
        {
            Assert.Empty(Ids(await GetAsync(teammate, query + Uri.EscapeDataString(secret))));
            Assert.Single(Ids(await GetAsync(owner, query + Uri.EscapeDataString(secret))));
        }

        // The node the teammate sees: figures only.
        var node = (await GetAsync(teammate, $"/api/accounts/{account}/power-map")).GetProperty("nodes").EnumerateArray()
            .Single(n => n.GetProperty("id").GetGuid() == coach);
        Assert.Equal(["buyingRoles", "confidential", "id", "influence", "stance"], node.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var redacted = (await GetAsync(teammate, $"/api/accounts/{account}/interactions")).GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("confidential").GetBoolean());
        Assert.Equal(JsonValueKind.Null, redacted.GetProperty("summary").ValueKind);
        Assert.Equal(["stance", "influence"], (await GetAsync(teammate, $"/api/accounts/{account}/stakeholders/{coach}/history")).EnumerateArray()
            .Select(h => h.GetProperty("field").GetString()));

        // Coverage and effort figures are the same for both readers.
        var ownerMap = await GetAsync(owner, $"/api/accounts/{account}/power-map");
        var teammateMap = await GetAsync(teammate, $"/api/accounts/{account}/power-map");
        Assert.Equal(ownerMap.GetProperty("coverage").GetRawText(), teammateMap.GetProperty("coverage").GetRawText());
        Assert.True(teammateMap.GetProperty("coverage").GetProperty("hasCoach").GetBoolean());
        Assert.Equal(1m, teammateMap.GetProperty("coverage").GetProperty("supportSurface").GetDecimal());
        Assert.Equal(ownerMap.GetProperty("edges").GetRawText(), teammateMap.GetProperty("edges").GetRawText());
        static List<(Guid, int, decimal, decimal, string?)> Figures(JsonElement view) => view.GetProperty("stakeholders").EnumerateArray()
            .Select(s => (s.GetProperty("id").GetGuid(), s.GetProperty("interactions").GetInt32(), s.GetProperty("influenceShare").GetDecimal(),
                s.GetProperty("effortShare").GetDecimal(), s.GetProperty("flag").GetString())).ToList();
        var ownerEffort = Figures(await GetAsync(owner, $"/api/accounts/{account}/engagement"));
        Assert.Equal(ownerEffort, Figures(await GetAsync(teammate, $"/api/accounts/{account}/engagement")));
        Assert.Equal([(ceo, 1, 0.625m, 0.5m, null), (coach, 1, 0.375m, 0.5m, null)], ownerEffort);
        Assert.Equal(2, Ids(await GetAsync(teammate, $"/api/accounts/{account}/interactions")).Count);

        // The teammate cannot edit, depart, link or log conversations with the person, and cannot read the audit trail.
        using (var patch = await AccountTests.PatchAsync(teammate, account, new { stance = "opponent" }, $"/stakeholders/{coach}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, patch.StatusCode);
        }

        await PostAsync(teammate, $"/api/accounts/{account}/stakeholders/{coach}/departure", new { leftAt = "2026-06-01" }, HttpStatusCode.NotFound);
        await PostAsync(teammate, $"/api/accounts/{account}/influence-links", new { fromId = ceo, toId = coach, kind = "influences", strength = 1 }, HttpStatusCode.NotFound);
        Assert.Equal("unknown_stakeholder", (await PostAsync(teammate, $"/api/accounts/{account}/interactions", new
        {
            kind = "call", occurredAt = DateTimeOffset.UtcNow, stakeholderIds = new[] { coach }, summary = "想打听",
        }, HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());
        await GetAsync(teammate, $"/api/accounts/audit?entityId={coach}", HttpStatusCode.Forbidden);
        var audit = Texts(await GetAsync(host.Admin, $"/api/accounts/audit?entityId={coach}"));
        Assert.Contains(audit, s => s.Contains(secrets[0], StringComparison.Ordinal));

        // Events to other services carry the figures, never the name or title.
        var added = (await host.PublishedAsync("StakeholderAdded", account, atLeast: 2)).Single(e => e.GetProperty("stakeholderId").GetGuid() == coach);
        Assert.True(added.GetProperty("confidential").GetBoolean());
        Assert.Equal("", added.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, added.GetProperty("title").ValueKind);
        Assert.Equal(["coach"], added.GetProperty("buyingRoles").EnumerateArray().Select(r => r.GetString()));
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(Texts(added), s => s.Contains(secret, StringComparison.Ordinal));
        }

        // The owner lifts the protection: the teammate reads the person from then on, and the event names them again.
        using var lifted = await AccountTests.PatchAsync(owner, account, new { confidential = false }, $"/stakeholders/{coach}");
        await ReadAsync(lifted, HttpStatusCode.OK);
        var open = await GetAsync(teammate, $"/api/accounts/{account}/stakeholders/{coach}");
        Assert.Equal(secrets[0], open.GetProperty("stakeholder").GetProperty("name").GetString());
        var updated = Assert.Single(await host.PublishedAsync("StakeholderUpdated", account));
        Assert.Equal(secrets[0], updated.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_teammate_who_protects_a_contact_stays_able_to_read_it()
    {
        var (_, owner) = host.NewKam();
        var repId = Guid.NewGuid();
        var rep = host.ClientFor(repId, Roles.SalesRep, "华东");
        var account = await RegisterIdAsync(owner, "浙江移动绍兴分公司", extra: new { team = new[] { new { userId = repId, role = "sales" } } });
        var added = await PostAsync(rep, $"/api/accounts/{account}/stakeholders", new { name = "小李", influence = 2, stance = "ally", confidential = true });
        Assert.Equal([repId], added.GetProperty("confidentialTo").EnumerateArray().Select(u => u.GetGuid()));
        var seen = await GetAsync(rep, $"/api/accounts/{account}/stakeholders/{added.GetProperty("id").GetGuid()}");
        Assert.Equal("小李", seen.GetProperty("stakeholder").GetProperty("name").GetString());
        var bad = await PostAsync(owner, $"/api/accounts/{account}/stakeholders",
            new { name = "某", influence = 2, stance = "ally", confidential = true, confidentialTo = new[] { Guid.Empty } }, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("confidentialTo[0]", bad.GetProperty("params").GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task The_departure_of_a_protected_contact_tells_other_services_the_roles_but_not_the_name()
    {
        var (_, owner) = host.NewKam();
        var account = await RegisterIdAsync(owner, "浙江移动湖州分公司");
        var added = await PostAsync(owner, $"/api/accounts/{account}/stakeholders",
            new { name = "钱处", influence = 4, stance = "ally", buyingRoles = new[] { "coach" }, confidential = true });
        await PostAsync(owner, $"/api/accounts/{account}/stakeholders/{added.GetProperty("id").GetGuid()}/departure", new { leftAt = "2026-06-01" }, HttpStatusCode.OK);
        var departed = Assert.Single(await host.PublishedAsync("StakeholderDeparted", account));
        Assert.Equal("", departed.GetProperty("name").GetString());
        Assert.Equal(["coach"], departed.GetProperty("buyingRoles").EnumerateArray().Select(r => r.GetString()));
        Assert.DoesNotContain(Texts(departed), s => s.Contains("钱处", StringComparison.Ordinal));
    }
}
