using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace KaPlatform.Contracts.Tests;

public sealed class EvidenceTests(ContractsFixture host) : IClassFixture<ContractsFixture>
{
    [Fact]
    public async Task Evidence_is_appended_in_order_and_linked_to_its_milestone()
    {
        var (id, milestone) = await DraftAsync();

        using var first = await host.Finance.PostAsJsonAsync($"/api/contracts/{id}/evidence",
            new { kind = "contract_copy", reference = "扫描件-001", occurredAt = "2026-01-10T08:00:00Z", note = "盖章版" });
        using var second = await host.Finance.PostAsJsonAsync($"/api/contracts/{id}/evidence",
            new { milestoneId = milestone, kind = "sign_off", reference = "付款审批单-7", occurredAt = "2026-02-01T08:00:00Z", sha256 = new string('F', 64) });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var chain = await host.Admin.GetFromJsonAsync<JsonElement>($"/api/contracts/{id}/evidence");
        Assert.Equal([1, 2], chain.EnumerateArray().Select(e => e.GetProperty("seq").GetInt32()).ToArray());
        Assert.Equal(milestone, chain[1].GetProperty("milestoneId").GetGuid());
        Assert.Equal(new string('f', 64), chain[1].GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task Bad_evidence_is_a_400_per_field()
    {
        var (id, _) = await DraftAsync();

        using var response = await host.Finance.PostAsJsonAsync($"/api/contracts/{id}/evidence",
            new { milestoneId = Guid.NewGuid(), kind = "photo", reference = "", sha256 = "abc" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.All(["kind", "reference", "occurredAt", "sha256", "milestoneId"], f => Assert.True(errors.TryGetProperty(f, out _), f));
    }

    [Fact]
    public async Task The_api_offers_no_way_to_edit_or_delete_evidence()
    {
        var (id, _) = await DraftAsync();
        using var created = await host.Finance.PostAsJsonAsync($"/api/contracts/{id}/evidence",
            new { kind = "correspondence", reference = "邮件-1", occurredAt = "2026-01-10T08:00:00Z" });
        var evidenceId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        using var delete = await host.Admin.DeleteAsync($"/api/contracts/{id}/evidence/{evidenceId}");
        using var put = await host.Admin.PutAsJsonAsync($"/api/contracts/{id}/evidence/{evidenceId}", new { reference = "changed" });
        using var patch = await host.Admin.PatchAsJsonAsync($"/api/contracts/{id}/evidence/{evidenceId}", new { reference = "changed" });
        using var deleteAll = await host.Admin.DeleteAsync($"/api/contracts/{id}/evidence");

        Assert.All([delete, put, patch, deleteAll], r => Assert.True(r.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, r.StatusCode.ToString()));
        var chain = await host.Admin.GetFromJsonAsync<JsonElement>($"/api/contracts/{id}/evidence");
        Assert.Equal("邮件-1", Assert.Single(chain.EnumerateArray()).GetProperty("reference").GetString());
    }

    [Fact]
    public async Task The_services_own_database_role_cannot_update_or_delete_evidence()
    {
        var (id, _) = await DraftAsync();
        (await host.Finance.PostAsJsonAsync($"/api/contracts/{id}/evidence",
            new { kind = "correspondence", reference = "原件", occurredAt = "2026-01-10T08:00:00Z" })).EnsureSuccessStatusCode();
        await using var db = host.Database(); // the very connection string the service runs with

        var update = await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync("UPDATE evidence SET reference = 'forged' WHERE contract_id = @id", new { id }));
        var delete = await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync("DELETE FROM evidence WHERE contract_id = @id", new { id }));
        var truncate = await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync("TRUNCATE evidence CASCADE"));

        Assert.Contains("append-only", update.MessageText);
        Assert.Contains("append-only", delete.MessageText);
        Assert.Contains("append-only", truncate.MessageText);
        Assert.Equal("原件", await db.ExecuteScalarAsync<string>("SELECT reference FROM evidence WHERE contract_id = @id", new { id }));
    }

    private async Task<(Guid Contract, Guid FirstMilestone)> DraftAsync()
    {
        var account = await host.RegisterAccountAsync(Guid.NewGuid());
        var contract = await host.DraftAsync(account, 10_000m);
        return (contract.GetProperty("id").GetGuid(), contract.GetProperty("milestones")[0].GetProperty("id").GetGuid());
    }
}
